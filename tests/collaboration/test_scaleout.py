"""Two uvicorn processes sharing one database and Redis: a message sent to one reaches the other."""

import asyncio
import json
import socket

import pytest

from tests.servers import free_port, start_site, wait_until_up

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/5"

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Locale
from collaboration import services
from collaboration.models import Membership
Locale.objects.get_or_create(language_code="en")
User = get_user_model()
alice = User.objects.create_user("alice", "a@example.org", "alice", first_name="Alice")
bob = User.objects.create_user("bob", "b@example.org", "bob", first_name="Bob")
group = services.create_group("Scale", slug="scale", visibility="private", convenor=alice)
Membership.objects.create(group=group, user=bob)
keys = {}
for user in (alice, bob):
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    keys[user.username] = s.session_key
import json; print(json.dumps(keys))
"""


def redis_available():
    """Whether a Redis server answers on the default local port."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def start_web(server):
    """Another uvicorn process on the same settings and database, on its own port."""
    port = free_port()
    proc = server.start_web(port, log_name="web2")
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/healthz", proc)
    return url


@pytest.fixture(scope="module")
def two_webs(tmp_path_factory):
    """Two web processes of one site sharing a database and Redis, and the people's sessions."""
    if not redis_available():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379: the scale-out test needs it")
    server = start_site(
        tmp_path_factory.mktemp("scale"), "scale", worker=False, extra_env={"REDIS_URL": REDIS_URL}
    )
    try:
        second = start_web(server)
        keys = json.loads(server.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
        yield server.url, second, keys
    finally:
        server.stop()


async def _client(base, session_key, origin=None):
    """A signed-in WebSocket client of the "scale" group on one process, and its hello.

    Behind the balancer every process is the site's one public origin: `origin` is SITE_URL."""
    from websockets.asyncio.client import connect

    ws = await connect(
        base.replace("http", "ws") + "/ws/groups/scale/",
        origin=origin or base,
        additional_headers={"Cookie": f"sessionid={session_key}"},
    )
    hello = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert hello["type"] == "hello"
    return ws, hello


async def _next(ws, kind, timeout=5, body=None):
    """The next frame of this type (with this message body), skipping the others."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == kind and (body is None or frame["message"]["body"] == body):
            return frame


async def test_message_crosses_processes_also_after_idle(two_webs):
    """Alice on process A and Bob on process B talk, before and after 12 idle seconds."""
    first, second, keys = two_webs
    alice, _ = await _client(first, keys["alice"])
    bob, hello = await _client(second, keys["bob"], origin=first)
    # Presence is shared too: Bob, on the other process, sees Alice is here.
    assert {u["username"] for u in hello["presence"]} == {"alice", "bob"}
    await alice.send(
        json.dumps({"type": "send", "topic": "T", "body": "from A", "client_id": "a1"})
    )
    await _next(bob, "message", body="from A")
    await asyncio.sleep(12)
    await bob.send(json.dumps({"type": "send", "topic": "T", "body": "from B", "client_id": "b1"}))
    await _next(alice, "message", body="from B")
    await alice.send(
        json.dumps({"type": "send", "topic": "T", "body": "A again", "client_id": "a2"})
    )
    await _next(bob, "message", body="A again")
    await alice.close()
    await bob.close()


async def test_foreign_origin_refused_by_real_server(two_webs):
    """The real server refuses a socket opened from another site."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    first, _second, keys = two_webs
    with pytest.raises(InvalidStatus):
        await connect(
            first.replace("http", "ws") + "/ws/groups/scale/",
            origin="http://evil.example",
            additional_headers={"Cookie": f"sessionid={keys['alice']}"},
        )
