"""Fuzzing the chat's incoming frames: any text a client sends gets a dispatchable frame or an
error frame with a code and a message, and the connection stays open."""

import itertools
import json

import pytest
from asgiref.sync import async_to_sync
from hypothesis import given, settings
from hypothesis import strategies as st

from collaboration.realtime.frames import parse_frame
from collaboration.services import ChatError
from tests.strategies import json_values, numbers, text

from .conftest import open_socket, send

ACTIONS = [
    "send", "edit", "delete", "react", "unreact", "typing", "read", "history", "resume",
    "presence", "ping", "__init__", "receive", "drop", "",
]  # fmt: skip
JSON_PIECES = ["{", "}", "[", "]", '"', ":", ",", '"type"', '"send"', "\\u0000", "\\ud800",
               "NaN", "Infinity", "-", "1e999", "true", "null", " ", "\\"]  # fmt: skip
CODES = {"invalid_frame", "too_large", "invalid_json", "invalid_text"}
_serial = itertools.count()


def _value(strategy):
    return st.one_of(strategy, json_values)


# Frames shaped like the client's, each field sometimes of the wrong JSON type.
frames = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(ACTIONS), json_values)},
    optional={
        "topic": _value(st.sampled_from(["Budget", "T", " ", "x" * 200])),
        "body": _value(text(pieces=["**", "`", "@bob", "@all", "https://x.org", "\x00"])),
        "id": _value(numbers),
        "topic_id": _value(numbers),
        "before": _value(numbers),
        "last_id": _value(numbers),
        "since": _value(st.sampled_from(["2026-11-21T12:00:00Z", "2026-99-99", ""])),
        "emoji": _value(st.sampled_from(["👍", "🎉", "x", "\u200d", "👍🏽", "\ud800"])),
        "client_id": _value(text(max_size=80)),
        "state": _value(st.sampled_from(["start", "stop", "maybe"])),
    },
)
raw_texts = st.one_of(
    text(pieces=JSON_PIECES, max_size=120),
    frames.map(json.dumps),
    json_values.map(json.dumps),
    st.integers(1, 30_000).map(lambda n: "[" * n),
)


@given(raw_texts)
def test_any_text_is_a_frame_or_a_clear_error(raw):
    """Any text from a client parses to an object with a str "type" or is refused with one of the
    codes the page knows and a message it can show; nothing else is raised."""
    try:
        data = parse_frame(raw, max_chars=65536)
    except ChatError as error:
        assert error.code in CODES and str(error.message)
        return
    assert isinstance(data, dict) and isinstance(data["type"], str)
    json.dumps(data).encode("utf-8")  # every string is real text, storable and sendable


@given(st.binary(max_size=20))
def test_binary_frames_are_refused(data):
    """A binary frame is refused as such."""
    with pytest.raises(ChatError) as refusal:
        parse_frame(None, data, max_chars=65536)
    assert refusal.value.code == "invalid_frame"


async def _exchange(comm, raw):
    """Send one frame then a ping; everything before the pong must be a well-formed frame."""
    # send_input, not send_to: the communicator refuses an empty text frame, a browser does not.
    await comm.send_input({"type": "websocket.receive", "text": raw})
    await send(comm, type="ping", client_id=f"p{next(_serial)}")
    while True:
        frame = await comm.receive_json_from(timeout=5)
        assert isinstance(frame, dict) and isinstance(frame.get("type"), str), frame
        if frame["type"] == "error":
            assert frame["code"] != "server_error", (raw, frame)
            assert frame["code"] and frame["message"], frame
        if frame["type"] == "pong":
            return


@pytest.mark.django_db(transaction=True)
@settings(max_examples=40)
@given(st.lists(raw_texts, min_size=1, max_size=8))
def test_the_consumer_answers_any_frames_and_stays_open(tworld, settings, batch):
    """Through the real ASGI application: a member's socket answers every frame of a batch of
    arbitrary frames with well-formed frames, never a server error, and stays open (it still
    answers a ping after each)."""
    settings.COLLABORATION_RATE_BURST = 10_000  # reach the handlers, not the rate limiter

    async def scenario():
        comm, _hello = await open_socket(tworld.bob, "board")
        try:
            for raw in batch:
                await _exchange(comm, raw)
        finally:
            await comm.disconnect()

    async_to_sync(scenario)()
