"""Fixtures of the working-group tests: people, a public and a private group, WebSocket clients."""

import asyncio
import json
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.test import Client

from tests.collaboration.communicator import WebsocketCommunicator


@dataclass
class World:
    alice: object  # convenor of both groups
    bob: object  # member of both
    carol: object  # member of neither
    dave: object  # moderator of the public group
    public: object
    private: object


def make_world():
    """Alice, Bob, Carol and Dave, and the two groups they are (or are not) in."""
    from wagtail.models import Locale

    from collaboration import services
    from collaboration.models import Membership, WorkingGroup

    Locale.objects.get_or_create(language_code="en")
    User = get_user_model()
    people = {
        name: User.objects.create_user(name, f"{name}@example.org", name, first_name=name.title())
        for name in ("alice", "bob", "carol", "dave")
    }
    public = services.create_group(
        "Open forum",
        slug="open-forum",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy=WorkingGroup.JoinPolicy.APPROVAL,
        convenor=people["alice"],
    )
    private = services.create_group(
        "Board",
        slug="board",
        visibility=WorkingGroup.Visibility.PRIVATE,
        join_policy=WorkingGroup.JoinPolicy.INVITATION,
        convenor=people["alice"],
    )
    Membership.objects.create(group=public, user=people["bob"])
    Membership.objects.create(group=private, user=people["bob"])
    Membership.objects.create(group=public, user=people["dave"], role=Membership.Role.MODERATOR)
    return World(public=public, private=private, **people)


@pytest.fixture
def world(db):
    """The people and groups, in a test rolled back at the end."""
    return make_world()


@pytest.fixture
def tworld(transactional_db):
    """The people and groups, committed, so the ASGI application's own connection sees them."""
    return make_world()


def session_cookie(user):
    """The session key of a browser signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


async def open_socket(user, slug, *, origin=b"http://testserver", lang=None, expect=True):
    """A WebSocket client of the real ASGI application; returns (communicator, hello frame)."""
    from cms.asgi import application

    headers = []
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    path = f"/ws/groups/{slug}/" + (f"?lang={lang}" if lang else "")
    comm = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await comm.connect(timeout=5)
    if not expect:
        return comm, connected
    assert connected, f"connection to {slug} refused"
    hello = await comm.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    return comm, hello


async def until(comm, kind, timeout=3, where=None):
    """The next frame of this type (matching `where`), skipping others (presence, typing ...)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError(f"no {kind!r} frame within {timeout}s")
        frame = await comm.receive_json_from(timeout=remaining)
        if frame["type"] == kind and (where is None or where(frame)):
            return frame


async def closed(comm, timeout=3):
    """The close code the server ends the connection with, skipping frames sent before."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        output = await comm.receive_output(timeout=max(0.01, deadline - loop.time()))
        if output["type"] == "websocket.close":
            return output.get("code")


async def frames(comm, timeout=0.3):
    """Every frame that arrives within `timeout` seconds."""
    out = []
    # receive_nothing, unlike a receive that times out, leaves the application running.
    while not await comm.receive_nothing(timeout=timeout):
        out.append(await comm.receive_json_from())
    return out


async def send(comm, **frame):
    """Send one JSON frame from the client."""
    await comm.send_to(text_data=json.dumps(frame))


@pytest.fixture
async def clean_layer():
    """An empty channel layer and fresh rate limits: no test inherits another's frames or tokens."""
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        await layer.flush()
    from collaboration.realtime import ratelimit

    ratelimit._BUCKETS.clear()
    yield layer
