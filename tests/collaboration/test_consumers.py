"""The WebSocket edge through the real ASGI application: origin, auth, rights, limits, catch-up."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from collaboration import services
from collaboration.models import Message, Presence, Reaction
from collaboration.services import membership

from .conftest import closed, frames, open_socket, send, until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clean_layer")]


@pytest.mark.parametrize("origin", [b"http://evil.example", b"null", None])
async def test_foreign_null_and_missing_origin_refused(tworld, origin):
    """Only pages of the site itself may open the socket."""
    comm, connected = await open_socket(tworld.bob, "open-forum", origin=origin, expect=False)
    assert not connected
    await comm.disconnect()


async def test_non_member_gets_nothing_of_private_group(tworld):
    """A signed-in non-member, and an anonymous visitor, cannot connect to a private group."""
    for user in (tworld.carol, None):
        comm, connected = await open_socket(user, "board", expect=False)
        assert not connected
        await comm.disconnect()


async def test_anonymous_reads_public_group_but_cannot_write(tworld):
    """A visitor follows a public discussion live and is refused when trying to post."""
    visitor, hello = await open_socket(None, "open-forum")
    assert hello["can_post"] is False
    await send(visitor, type="send", topic="T", body="hi")
    error = await until(visitor, "error")
    assert error["code"] == "forbidden"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await visitor.disconnect()


async def test_message_reaches_every_member_with_ack(tworld):
    """A message sent by one member arrives at the others, and the sender gets an ack."""
    bob, _ = await open_socket(tworld.bob, "board")
    alice, _ = await open_socket(tworld.alice, "board")
    await send(bob, type="send", topic="Budget", body="Draft **ready**", client_id="c1")
    ack = await until(bob, "ack")
    frame = await until(alice, "message")
    assert frame["message"]["id"] == ack["id"]
    assert frame["message"]["html"] == "<p>Draft <strong>ready</strong></p>"
    assert frame["message"]["author"]["username"] == "bob"
    await bob.disconnect()
    await alice.disconnect()


async def test_hostile_frames_get_errors_and_change_nothing(tworld):
    """Invalid JSON, non-objects, unknown actions, binary and oversized input are refused."""
    bob, _ = await open_socket(tworld.bob, "board", lang="fr")
    await bob.send_to(text_data="{not json")
    assert (await until(bob, "error"))["code"] == "invalid_json"
    await bob.send_to(text_data="[1, 2]")
    assert (await until(bob, "error"))["code"] == "invalid_frame"
    await send(bob, type="drop_tables")
    error = await until(bob, "error")
    assert error["code"] == "unknown_action" and error["message"] == "Action inconnue."
    await send(bob, type="__init__")
    assert (await until(bob, "error"))["code"] == "unknown_action"
    await bob.send_to(bytes_data=b"\x00\x01")
    assert (await until(bob, "error"))["code"] == "invalid_frame"
    await send(bob, type="send", topic="T", body="x" * 4001, client_id="big")
    error = await until(bob, "error")
    assert error["code"] == "too_long" and error["ref"] == "big" and "4000" in error["message"]
    await bob.send_to(text_data=json.dumps({"type": "send", "topic": "T", "body": "y" * 70000}))
    assert (await until(bob, "error"))["code"] == "too_large"
    await send(bob, type="edit", id="1 OR 1=1", body="x")
    assert (await until(bob, "error"))["code"] == "not_found"
    await send(bob, type="send", topic="T", body={"html": "<b>"})
    assert (await until(bob, "error"))["code"] == "invalid"
    assert await database_sync_to_async(Message.objects.count)() == 0
    # The connection still works after all that.
    await send(bob, type="send", topic="T", body="<img src=x onerror=alert(1)>")
    ack = await until(bob, "ack")
    message = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
    assert message.html == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    await bob.disconnect()


async def test_rate_limit_per_person(tworld, settings):
    """Past the burst, sends are refused with a rate-limit error until tokens refill."""
    settings.COLLABORATION_RATE_BURST = 3
    settings.COLLABORATION_RATE_PER_SECOND = 0.01
    bob, _ = await open_socket(tworld.bob, "board")
    for i in range(5):
        await send(bob, type="send", topic="T", body=f"m{i}", client_id=f"r{i}")
    got = [f for f in await frames(bob, 0.5) if f["type"] in {"ack", "error"}]
    assert [f["type"] for f in got] == ["ack", "ack", "ack", "error", "error"]
    assert got[-1]["code"] == "rate_limited"
    assert await database_sync_to_async(Message.objects.count)() == 3
    await bob.disconnect()


async def test_edit_delete_react_broadcast(tworld):
    """Edits, deletions and reactions reach everyone as updates; only allowed people may act."""
    bob, _ = await open_socket(tworld.bob, "open-forum")
    dave, _ = await open_socket(tworld.dave, "open-forum")
    await send(bob, type="send", topic="T", body="helo")
    mid = (await until(bob, "ack"))["id"]
    await send(dave, type="edit", id=mid, body="hijacked")
    assert (await until(dave, "error"))["code"] == "forbidden"
    await send(bob, type="edit", id=mid, body="hello")
    await until(bob, "update")
    update = await until(dave, "update")
    assert update["message"]["body"] == "hello" and update["message"]["edited"]
    await send(dave, type="react", id=mid, emoji="👍")
    update = await until(bob, "update")
    assert update["message"]["reactions"] == [
        {"emoji": "👍", "count": 1, "users": ["dave"], "names": ["Dave"]}
    ]
    await send(dave, type="unreact", id=mid, emoji="👍")
    assert (await until(bob, "update"))["message"]["reactions"] == []
    await send(dave, type="delete", id=mid)  # a moderator
    update = await until(bob, "update", where=lambda f: f["message"]["deleted"])
    assert update["message"]["deleted"] and update["message"]["body"] == ""
    assert await database_sync_to_async(Reaction.objects.count)() == 0
    await bob.disconnect()
    await dave.disconnect()


async def test_rights_rechecked_on_every_action(tworld):
    """A member removed while connected is disconnected and cannot post any more."""
    bob, _ = await open_socket(tworld.bob, "board")
    await database_sync_to_async(services.remove_member)(tworld.alice, tworld.private, tworld.bob)
    assert await closed(bob) == 4403

    def post_after_removal():
        try:
            services.post_message(tworld.bob, tworld.private, "T", "still here?")
        except services.ChatError as exc:
            return exc
        return None

    assert await database_sync_to_async(post_after_removal)() is not None
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_rights_checked_even_without_the_notice(tworld, monkeypatch):
    """Even if the removal notice is lost, the next action is refused."""
    monkeypatch.setattr(membership, "_membership_changed", lambda group, user_id, by=None: None)
    bob, _ = await open_socket(tworld.bob, "board")
    await database_sync_to_async(services.remove_member)(tworld.alice, tworld.private, tworld.bob)
    await send(bob, type="send", topic="T", body="still here?")
    assert (await until(bob, "error"))["code"] == "forbidden"
    await send(bob, type="history")
    assert (await until(bob, "error"))["code"] == "forbidden"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await bob.disconnect()


async def test_mention_all_only_for_convenors(tworld):
    """@all from a member is refused; from a convenor it goes out."""
    bob, _ = await open_socket(tworld.bob, "board")
    await send(bob, type="send", topic="T", body="@all hello")
    assert (await until(bob, "error"))["code"] == "mention_all"
    alice, _ = await open_socket(tworld.alice, "board")
    await send(alice, type="send", topic="T", body="@all hello")
    await until(alice, "ack")
    assert (await until(bob, "mention"))["type"] == "mention"
    await bob.disconnect()
    await alice.disconnect()


async def test_typing_expires(tworld, settings):
    """A typing notice reaches the others and a stop follows by itself after the TTL."""
    settings.COLLABORATION_TYPING_TTL = 0.3
    bob, _ = await open_socket(tworld.bob, "board")
    alice, _ = await open_socket(tworld.alice, "board")
    await send(bob, type="typing", topic="Budget", state="start")
    start = await until(alice, "typing")
    assert start["state"] == "start" and start["user"]["username"] == "bob" and start["ttl"] == 0.3
    stop = await until(alice, "typing", timeout=2)
    assert stop["state"] == "stop"
    await bob.disconnect()
    await alice.disconnect()


async def test_presence(tworld):
    """Who is here: the list on arrival, others told when someone comes and goes."""
    bob, hello = await open_socket(tworld.bob, "board")
    assert [u["username"] for u in hello["presence"]] == ["bob"]
    alice, hello = await open_socket(tworld.alice, "board")
    assert [u["username"] for u in hello["presence"]] == ["alice", "bob"]
    online = await until(bob, "presence", where=lambda f: f["user"]["username"] == "alice")
    assert online["state"] == "online"
    await alice.disconnect()
    offline = await until(bob, "presence", where=lambda f: f["state"] != "online")
    assert offline["state"] == "offline" and offline["user"]["username"] == "alice"
    await send(bob, type="presence")
    assert [u["username"] for u in (await until(bob, "presence"))["users"]] == ["bob"]
    await bob.disconnect()
    assert await database_sync_to_async(Presence.objects.count)() == 0


async def test_people_who_stay_stay_present(tworld, settings):
    """Open connections are kept present past the presence TTL by the heartbeat, all of a
    group's in one write; a newcomer then still sees them."""
    settings.COLLABORATION_PRESENCE_HEARTBEAT = 0.2
    settings.COLLABORATION_PRESENCE_TTL = 0.6
    bob, _ = await open_socket(tworld.bob, "open-forum")
    alice, _ = await open_socket(tworld.alice, "open-forum")
    await asyncio.sleep(1.2)  # two TTLs: without beats both would have expired
    dave, hello = await open_socket(tworld.dave, "open-forum")
    assert [u["username"] for u in hello["presence"]] == ["alice", "bob", "dave"]
    for comm in (bob, alice, dave):
        await comm.disconnect()


async def test_read_markers(tworld):
    """Reading moves the marker; the person's other tabs are told; unread counts drop."""
    await database_sync_to_async(services.post_message)(tworld.bob, tworld.private, "T", "one")
    message, _ = await database_sync_to_async(services.post_message)(
        tworld.bob, tworld.private, "T", "two"
    )
    counts = await database_sync_to_async(services.unread_counts)(tworld.alice)
    assert counts[tworld.private.pk]["total"] == 2
    tab1, _ = await open_socket(tworld.alice, "board")
    tab2, _ = await open_socket(tworld.alice, "board")
    await send(tab1, type="read", topic_id=message.topic_id, id=message.pk)
    read = await until(tab2, "read")
    assert read["last_read"] == message.pk
    assert await database_sync_to_async(services.unread_counts)(tworld.alice) == {}
    await tab1.disconnect()
    await tab2.disconnect()


async def test_history_pages_backwards(tworld, settings):
    """Older messages load page by page, newest last, until there are none."""
    settings.COLLABORATION_PAGE_SIZE = 3
    for i in range(5):
        await database_sync_to_async(services.post_message)(
            tworld.bob, tworld.private, "T", f"m{i}"
        )
    ids = await database_sync_to_async(lambda: list(Message.objects.values_list("pk", flat=True)))()
    bob, _ = await open_socket(tworld.bob, "board")
    await send(bob, type="history", before=ids[-1])
    page = await until(bob, "history")
    assert [m["id"] for m in page["messages"]] == ids[1:4] and page["has_more"]
    await send(bob, type="history", before=ids[1])
    page = await until(bob, "history")
    assert [m["id"] for m in page["messages"]] == ids[:1] and not page["has_more"]
    await bob.disconnect()


async def test_catch_up_after_reconnect_in_order_without_duplicates(tworld):
    """A client that was away gets exactly what it missed, in order; a resent frame is not doubled."""
    bob, hello = await open_socket(tworld.bob, "board")
    await send(bob, type="send", topic="T", body="before", client_id="b1")
    seen = (await until(bob, "ack"))["id"]
    first_hello_time = hello["server_time"]
    await bob.disconnect()
    alice, _ = await open_socket(tworld.alice, "board")
    for i in range(3):
        await send(alice, type="send", topic="T", body=f"missed {i}", client_id=f"a{i}")
        await until(alice, "ack")
    await database_sync_to_async(services.edit_message)(tworld.bob, seen, "before (edited)")
    bob, _ = await open_socket(tworld.bob, "board")
    await send(bob, type="resume", last_id=seen, since=first_hello_time)
    resume = await until(bob, "resume")
    assert [m["body"] for m in resume["messages"]] == ["missed 0", "missed 1", "missed 2"]
    assert [m["body"] for m in resume["changed"]] == ["before (edited)"]
    # The client resends a frame whose ack it never got: the server keeps one copy.
    await send(bob, type="send", topic="T", body="before", client_id="b1")
    ack = await until(bob, "ack")
    assert ack["id"] == seen and ack["message"]["id"] == seen
    assert await database_sync_to_async(Message.objects.count)() == 4
    await send(bob, type="resume", last_id=resume["messages"][-1]["id"])
    assert (await until(bob, "resume"))["messages"] == []
    await bob.disconnect()
    await alice.disconnect()


async def test_slow_client_is_disconnected(tworld, settings, monkeypatch):
    """A client that stops reading is closed once its queue is full; the others keep receiving."""
    from collaboration.realtime.consumer import GroupConsumer

    settings.COLLABORATION_SEND_QUEUE_SIZE = 5
    stuck = asyncio.Event()
    real_writer = GroupConsumer._writer

    async def writer(self):
        if self.user.username == "bob":
            await stuck.wait()  # bob's network is gone: nothing is written
        await real_writer(self)

    monkeypatch.setattr(GroupConsumer, "_writer", writer)
    bob, connected = await open_socket(tworld.bob, "board", expect=False)
    assert connected
    alice, _ = await open_socket(tworld.alice, "board")
    for i in range(8):
        await send(alice, type="send", topic="T", body=f"m{i}", client_id=f"s{i}")
    received = [f for f in await frames(alice, 0.5) if f["type"] == "message"]
    assert len(received) == 8
    assert await closed(bob) == 4008
    await alice.disconnect()


async def test_catch_up_replays_reactions_removed_while_away(tworld):
    """A reaction added and one removed while a client was away both reach it on resume."""
    post = database_sync_to_async(services.post_message)
    first, _ = await post(tworld.alice, tworld.private, "T", "first")
    second, _ = await post(tworld.alice, tworld.private, "T", "second")
    await database_sync_to_async(services.react)(tworld.alice, first.pk, "👍")
    bob, hello = await open_socket(tworld.bob, "board")
    await bob.disconnect()
    await database_sync_to_async(services.unreact)(tworld.alice, first.pk, "👍")
    await database_sync_to_async(services.react)(tworld.alice, second.pk, "🎉")
    bob, _ = await open_socket(tworld.bob, "board")
    await send(bob, type="resume", last_id=second.pk, since=hello["server_time"])
    resume = await until(bob, "resume")
    assert resume["messages"] == []
    changed = {m["id"]: m["reactions"] for m in resume["changed"]}
    assert changed == {
        first.pk: [],
        second.pk: [{"emoji": "🎉", "count": 1, "users": ["alice"], "names": ["Alice"]}],
    }
    await bob.disconnect()


async def test_mention_frame_tells_which_group_and_topic(tworld):
    """The person named gets a mention frame on every open tab, saying where; others get none."""
    bob, _ = await open_socket(tworld.bob, "open-forum")
    dave, _ = await open_socket(tworld.dave, "open-forum")
    message, _ = await database_sync_to_async(services.post_message)(
        tworld.alice, tworld.private, "Budget", "@bob see the figures"
    )
    mention = await until(bob, "mention")
    assert mention == {
        "type": "mention",
        "message_id": message.pk,
        "group_id": tworld.private.pk,
        "topic_id": message.topic_id,
    }
    assert [f for f in await frames(dave) if f["type"] == "mention"] == []
    await bob.disconnect()
    await dave.disconnect()


async def test_new_rights_reach_open_connections(tworld):
    """A member made moderator while connected is told at once, and can moderate."""
    bob, hello = await open_socket(tworld.bob, "open-forum")
    assert hello["can_moderate"] is False
    await database_sync_to_async(services.change_role)(
        tworld.alice, tworld.public, tworld.bob, "moderator"
    )
    rights = await until(bob, "rights")
    assert rights == {"type": "rights", "can_post": True, "can_moderate": True}
    await bob.disconnect()


async def _still_open(comm):
    """The socket answers a ping: the server did not drop the connection."""
    await send(comm, type="ping")
    assert (await until(comm, "pong"))["type"] == "pong"


async def test_placeholder_lookalike_body_is_rendered_and_socket_stays_open(tworld):
    """A message "a \\0 5 \\0 b" (what the formatter once took for its own placeholder, and then
    crashed with IndexError, dropping the sender's connection) is stored and shown as text, and
    the sender stays connected."""
    bob, _ = await open_socket(tworld.bob, "board")
    alice, _ = await open_socket(tworld.alice, "board")
    await send(bob, type="send", topic="T", body="a \u00005\u0000 b", client_id="nul")
    ack = await until(bob, "ack")
    frame = await until(alice, "message")
    assert frame["message"]["id"] == ack["id"]
    assert frame["message"]["html"] == "<p>a 5 b</p>"
    stored = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
    assert "\x00" not in stored.body
    await _still_open(bob)
    await bob.disconnect()
    await alice.disconnect()


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        pytest.param("[" * 20000, "error", "invalid_json", id="nested-20000-deep"),
        pytest.param(
            '{"type": "send", "topic": "T", "body": "\\ud800"}',
            "error",
            "invalid_text",
            id="lone-surrogate",
        ),
        pytest.param(
            '{"type": "edit", "id": 100000000000000000000000, "body": "x"}',
            "error",
            "not_found",
            id="huge-id",
        ),
        pytest.param(
            '{"type": "edit", "id": 1e999, "body": "x"}', "error", "not_found", id="infinite-id"
        ),
        pytest.param('{"type": "delete", "id": true}', "error", "not_found", id="boolean-id"),
        pytest.param(
            '{"type": "read", "topic_id": 100000000000000000000000}',
            "error",
            "not_found",
            id="huge-topic",
        ),
        pytest.param(
            '{"type": "react", "id": -1e999, "emoji": "x"}',
            "error",
            "not_found",
            id="minus-infinite-id",
        ),
        pytest.param('{"type": "history", "before": 1e999}', "history", None, id="infinite-before"),
        pytest.param(
            '{"type": "history", "topic_id": 100000000000000000000000}',
            "history",
            None,
            id="huge-topic-history",
        ),
        pytest.param(
            '{"type": "resume", "last_id": 100000000000000000000000}',
            "error",
            "invalid",
            id="huge-last-id",
        ),
        pytest.param(
            '{"type": "send", "topic": "T\\u0000", "body": "x"}', "ack", None, id="nul-in-topic"
        ),
        pytest.param(
            '{"type": "send", "topic": "T", "body": "x", "client_id": "a\\u0000"}',
            "error",
            "invalid",
            id="nul-in-client-id",
        ),
    ],
)
async def test_odd_frames_get_a_clear_answer_and_the_socket_stays_open(tworld, text, kind, code):
    """Frames no browser of ours sends (20,000 nested brackets, lone surrogates, ids beyond any
    integer column, Infinity, NUL in a topic or client id) get an error frame saying what is wrong
    or a plain answer; the connection stays open."""
    bob, _ = await open_socket(tworld.bob, "board")
    await bob.send_to(text_data=text)
    frame = await until(bob, kind)
    if code is not None:
        assert frame["code"] == code, frame
    await _still_open(bob)
    await bob.disconnect()
