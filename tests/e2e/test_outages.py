"""Faults against real server processes: Redis or the database unreachable, Redis going away
while people chat, a web process killed mid-conversation.

Redis goes away through a TCP proxy on loopback (tests/tcp_proxy.py) in front of the real Redis,
which the test cuts and restores; the tests that need Redis skip, saying why, without it.
"""

import asyncio
import contextlib
import json
import os
import signal
import socket
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.collaboration.test_scaleout import SETUP
from tests.servers import Server, free_port, start_site, wait_until_up
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.e2e

CLOSED_REDIS = "redis://127.0.0.1:1/0"

PAGES = """
from wagtail.models import Site
from cms.models import DirectoryPage
from federation.models import NetworkFeedPage
root = Site.objects.get(is_default_site=True).root_page.specific
directory = DirectoryPage(title="Members", slug="members-directory")
root.add_child(instance=directory)
directory.save_revision().publish()
feed = NetworkFeedPage(title="From allied networks", slug="network")
root.add_child(instance=feed)
feed.save_revision().publish()
import json; print(json.dumps([directory.get_url(), feed.get_url()]))
"""


def _setup(server):
    """The pages a visitor reads, and the "scale" group with alice and bob's sessions."""
    lines = server.manage("shell", "-c", PAGES + SETUP).stdout.strip().splitlines()
    return json.loads(lines[-2]), json.loads(lines[-1])


def _real_redis():
    """(host, port, db) of the Redis the suite may use, or skip saying why."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    host_port, _sep, db = url.split("//", 1)[1].partition("/")
    host, _sep, port = host_port.rpartition(":")
    host, port = host or "127.0.0.1", int(port or 6379)
    try:
        with socket.create_connection((host, port), timeout=1):
            pass
    except OSError:
        pytest.skip(f"Redis is not reachable at {host}:{port}: this fault test needs a real Redis")
    return host, port, db or "0"


def forget_redis_keys(server, host, port, db):
    """The site's keys out of the shared Redis (the page cache's counter never expires)."""
    import redis

    client = redis.Redis(host=host, port=port, db=int(db))
    for key in client.scan_iter(f"{server.env['REDIS_KEY_PREFIX']}:*"):
        client.delete(key)
    client.close()


# --- a chat client that records what it saw ------------------------------------------------


class Closed(Exception):
    def __init__(self, code):
        super().__init__(f"closed with {code}")
        self.code = code


class ChatClient:
    """One person's page of the "scale" group, as chat.js behaves: it remembers the messages
    it saw (by id), resumes from the last one, and resends what was not acknowledged."""

    def __init__(self, base, session_key, origin=None):
        self.base = base
        # Behind the proxy every process is the site's one public origin (SITE_URL).
        self.origin = origin or base
        self.key = session_key
        self.ws = None
        self.seen = {}  # id -> body
        self.last_id = 0
        self.outbox = {}  # client_id -> frame
        self.acks = {}
        self.close_code = None
        self.reader = None
        self.hello = asyncio.Event()

    async def open(self, base=None):
        """Connect and resume; raises Closed(code) if the server closes before "hello"."""
        from websockets.asyncio.client import connect

        self.base = base or self.base
        self.hello = asyncio.Event()
        self.close_code = None
        self.ws = await connect(
            self.base.replace("http", "ws") + "/ws/groups/scale/",
            origin=self.origin,
            additional_headers={"Cookie": f"sessionid={self.key}"},
        )
        with contextlib.suppress(Exception):  # closed at once (4503): the reader says why
            await self.ws.send(json.dumps({"type": "resume", "last_id": self.last_id}))
            for frame in list(self.outbox.values()):
                await self.ws.send(json.dumps(frame))
        self.reader = asyncio.ensure_future(self._read())
        waiter = asyncio.ensure_future(self.hello.wait())
        await asyncio.wait([waiter, self.reader], timeout=10, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not self.hello.is_set():
            raise Closed(self.close_code)

    async def open_when_back(self, base=None, within=30):
        """Retry as the page does until the server says hello; the codes it closed with."""
        codes = []
        deadline = time.monotonic() + within
        while True:
            try:
                await self.open(base)
                return codes
            except (Closed, OSError) as refused:
                codes.append(getattr(refused, "code", "refused"))
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)

    async def _read(self):
        from websockets.exceptions import ConnectionClosed

        try:
            async for text in self.ws:
                frame = json.loads(text)
                kind = frame["type"]
                if kind == "hello":
                    self.hello.set()
                elif kind == "message":
                    self._saw(frame["message"])
                elif kind == "resume":
                    for message in frame["messages"] + frame.get("changed", []):
                        self._saw(message)
                elif kind == "ack":
                    self.outbox.pop(frame["client_id"], None)
                    self.acks[frame["client_id"]] = frame["id"]
                    if frame.get("message"):
                        self._saw(frame["message"])
        except ConnectionClosed:
            pass
        self.close_code = self.ws.close_code

    def _saw(self, message):
        self.seen[message["id"]] = message["body"]
        self.last_id = max(self.last_id, message["id"])

    async def send(self, body):
        client_id = uuid.uuid4().hex
        frame = {"type": "send", "topic": "Outage", "body": body, "client_id": client_id}
        self.outbox[client_id] = frame
        # A socket closing under it: the frame stays in the outbox and is resent on reconnect.
        with contextlib.suppress(Exception):
            await self.ws.send(json.dumps(frame))
        return client_id

    async def closed(self, timeout):
        """The close code once the server closed this socket (within `timeout` seconds)."""
        await asyncio.wait_for(asyncio.shield(self.reader), timeout)
        return self.close_code

    async def until_seen(self, body, timeout=10):
        deadline = time.monotonic() + timeout
        while body not in self.seen.values():
            if time.monotonic() > deadline:
                raise AssertionError(f"{body!r} never arrived; saw {sorted(self.seen.values())}")
            await asyncio.sleep(0.05)

    async def close(self):
        if self.ws is not None:
            await self.ws.close()


def _messages(server, body_prefix):
    """What the database holds: body -> number of rows."""
    script = (
        "from collaboration.models import Message; import json; from collections import Counter; "
        f"print(json.dumps(Counter(Message.objects.filter(body__startswith={body_prefix!r})"
        ".values_list('body', flat=True))))"
    )
    return json.loads(server.manage("shell", "-c", script).stdout.strip().splitlines()[-1])


def _readiness(base):
    response = httpx.get(base + "/readyz", timeout=15)
    return response.status_code, response.json()


def _states(body):
    return {name: c["state"] for name, c in body["components"].items()}


# --- Redis unreachable from the start ------------------------------------------------------


@pytest.fixture(scope="module")
def site_without_redis(tmp_path_factory):
    server = start_site(
        tmp_path_factory.mktemp("noredis"),
        "noredis",
        worker=False,
        extra_env={"REDIS_URL": CLOSED_REDIS},
    )
    try:
        urls, keys = _setup(server)
        yield server, urls, keys
    finally:
        server.stop()


def test_redis_unreachable_at_start_pages_are_served(site_without_redis):
    """With Redis down from the start, visitors get the home page, the directory, the network
    feed, the sign-in page and the groups; the readiness check answers 200 and names the cache
    and the channel layer as down; the log says so without a traceback."""
    server, (directory, feed), keys = site_without_redis
    for path in ["/en/", directory, feed, "/en/membership/login/", "/en/groups/", "/fr/"]:
        for _visit in range(2):
            response = httpx.get(server.url + path, timeout=15)
            assert response.status_code == 200, path
    status, body = _readiness(server.url)
    assert status == 200
    assert body["status"] == "degraded"
    states = _states(body)
    assert states["database"] == "up"
    assert states["cache"] == "down"
    assert states["channel_layer"] == "down"
    log = server.log()
    assert "Traceback" not in log
    assert log.count("cache (Redis) unreachable") == 1


async def test_redis_unreachable_at_start_the_chat_says_live_updates_are_unavailable(
    site_without_redis,
):
    """A member opening the discussion gets the page (with its "live updates unavailable"
    notice ready) and a socket closed with 4503, the code the page shows that notice for."""
    server, _urls, keys = site_without_redis
    page = httpx.get(
        server.url + "/en/groups/scale/", cookies={"sessionid": keys["alice"]}, timeout=15
    )
    assert page.status_code == 200
    assert b"data-unavailable" in page.content
    alice = ChatClient(server.url, keys["alice"])
    with pytest.raises(Closed) as refused:
        await alice.open()
    assert refused.value.code == 4503
    assert "Traceback" not in server.log()


# --- the database unreachable ---------------------------------------------------------------


def _web_without_database(workdir: Path, database_env: dict) -> Server:
    """A web process whose database cannot be reached (never migrated, never connected)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "SITE_URL": url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
            **database_env,
        }
    )
    workdir.mkdir(parents=True, exist_ok=True)
    server = Server(name="nodb", port=port, url=url, env=env, workdir=workdir)
    web = server.start_web(port)
    try:
        wait_until_up(url + "/healthz", web)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.mark.parametrize(
    "database_env",
    [
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"},
        {"SQLITE_PATH": "/nonexistent-directory/rencontres.sqlite3"},
    ],
    ids=["postgres-closed-port", "sqlite-missing-file"],
)
def test_database_unreachable_answers_a_503_page_in_the_visitors_language(tmp_path, database_env):
    """Without its database the site answers every page with a 503 that says, in the
    visitor's language, to come back in a moment (Retry-After), never a traceback; liveness
    still answers 200 and readiness 503 with the database down."""
    server = _web_without_database(tmp_path, database_env)
    try:
        english = httpx.get(server.url + "/en/", timeout=15)
        assert english.status_code == 503
        assert english.headers["Retry-After"] == "30"
        assert english.headers["Cache-Control"] == "no-store"
        assert '<html lang="en">' in english.text
        assert "Back in a moment" in english.text
        assert "Traceback" not in english.text
        french = httpx.get(server.url + "/fr/membership/login/", timeout=15)
        assert french.status_code == 503
        assert '<html lang="fr">' in french.text
        german = httpx.get(
            server.url + "/admin/login/", headers={"Accept-Language": "de"}, timeout=15
        )
        assert german.status_code == 503
        assert '<html lang="de">' in german.text
        assert httpx.get(server.url + "/healthz", timeout=15).status_code == 200
        status, body = _readiness(server.url)
        assert status == 503
        assert body["status"] == "down"
        assert body["components"]["database"]["state"] == "down"
        log = server.log()
        assert "Traceback" not in log
        assert log.count("database unreachable") == 1
    finally:
        server.stop()


def test_database_going_away_and_back_on_postgresql(tmp_path):
    """A PostgreSQL database that refuses connections while the site runs: pages answer 503
    (not 500), readiness 503; once it accepts them again, pages are back by themselves."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs DATABASE_URL pointing to PostgreSQL (the CI's second pass)")
    import psycopg

    from tests.servers import _postgres_admin_url

    server = start_site(tmp_path, "pgdown", worker=False)
    name = server.pg_database
    # A cookie keeps the page cache out of it: a stored page would be served without the database.
    cookies = {"visited": "1"}
    try:
        assert httpx.get(server.url + "/en/", cookies=cookies, timeout=15).status_code == 200
        with psycopg.connect(_postgres_admin_url(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
        for _visit in range(3):
            response = httpx.get(server.url + "/en/", cookies=cookies, timeout=15)
            assert response.status_code == 503
            assert "Back in a moment" in response.text
        assert _readiness(server.url)[0] == 503
        with psycopg.connect(_postgres_admin_url(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        deadline = time.monotonic() + 20
        while httpx.get(server.url + "/en/", cookies=cookies, timeout=15).status_code != 200:
            assert time.monotonic() < deadline, "the site did not come back with its database"
            time.sleep(0.5)
        assert _readiness(server.url)[0] == 200
        log = server.log()
        assert "Traceback" not in log
        assert log.count("database unreachable") == 1
        assert "database reachable again" in log
    finally:
        with psycopg.connect(_postgres_admin_url(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        server.stop()


# --- Redis going away while people chat, a web process killed ------------------------------


@pytest.fixture(scope="module")
def redis_site(tmp_path_factory):
    """A site whose Redis is reached through a proxy the tests cut and restore."""
    host, port, db = _real_redis()
    proxy = TcpProxy(host, port).start()
    try:
        server = start_site(
            tmp_path_factory.mktemp("redisgone"),
            "redisgone",
            worker=False,
            extra_env={"REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{db}"},
        )
    except BaseException:
        proxy.close()
        raise
    try:
        _urls, keys = _setup(server)
        yield server, keys, proxy
    finally:
        server.stop()
        proxy.close()
        forget_redis_keys(server, host, port, db)


def _second_web(server, log_name):
    """Another web process of the site (the balancer spreads people over both)."""
    port = free_port()
    proc = server.start_web(port, log_name=log_name)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/healthz", proc)
    return url, proc


def _bodies(person, prefix):
    return [body for body in person.seen.values() if body.startswith(prefix)]


async def test_redis_going_away_while_people_chat_loses_nothing(redis_site):
    """Alice and Bob chat on two web processes; Redis goes away. Both pages are told live
    updates are unavailable (4503) within seconds, pages are still served, new sockets are
    refused with 4503, and what Alice wrote as it went is either stored or kept and resent.
    When Redis is back both reconnect by themselves and each has every message exactly once."""
    server, keys, proxy = redis_site
    proxy.restore()
    second, proc = _second_web(server, "web-redis")
    alice = ChatClient(server.url, keys["alice"])
    bob = ChatClient(second, keys["bob"], origin=server.url)
    try:
        await alice.open()
        await bob.open()
        await alice.send("r: before the outage")
        await bob.until_seen("r: before the outage")

        proxy.cut()
        started = time.monotonic()
        await alice.send("r: as Redis went away")
        assert await bob.closed(timeout=10) == 4503
        assert await alice.closed(timeout=10) == 4503
        detected = time.monotonic() - started
        # Pages are still served (uncached), and readiness says what is down.
        assert httpx.get(server.url + "/en/", timeout=15).status_code == 200
        status, body = _readiness(second)
        assert status == 200
        assert _states(body)["cache"] == "down"
        assert _states(body)["channel_layer"] == "down"
        # A page opened now is told at once.
        with pytest.raises(Closed) as refused:
            await ChatClient(second, keys["bob"], origin=server.url).open()
        assert refused.value.code == 4503

        proxy.restore()
        await alice.open_when_back()
        await bob.open_when_back()
        await alice.until_seen("r: as Redis went away")
        await bob.until_seen("r: as Redis went away")
        await alice.send("r: after the outage")
        await bob.until_seen("r: after the outage")
        expected = ["r: before the outage", "r: as Redis went away", "r: after the outage"]
        for person in (alice, bob):
            assert sorted(_bodies(person, "r: ")) == sorted(expected)
        assert _messages(server, "r: ") == dict.fromkeys(expected, 1)
        assert _states(_readiness(second)[1])["channel_layer"] == "up"
        print(f"pages told live updates were unavailable {detected:.1f} s after the cut")
        for log in (server.log("web"), server.log("web-redis")):
            assert log.count("channel layer unreachable") == 1
            assert "Traceback" not in log
    finally:
        proxy.restore()
        await alice.close()
        await bob.close()
        proc.terminate()


async def test_redis_that_stops_answering_does_not_hold_the_site(redis_site):
    """Redis hangs (connections open, no answer: a network partition). Pages keep answering
    within about a second, open discussions are told live updates are unavailable, and a
    message sent meanwhile is stored; when Redis answers again the pages reconnect."""
    server, keys, proxy = redis_site
    proxy.thaw()
    proxy.restore()
    alice = ChatClient(server.url, keys["alice"])
    try:
        await alice.open_when_back()
        proxy.freeze()
        await alice.send("h: while Redis hangs")
        assert await alice.closed(timeout=15) == 4503
        slowest = 0.0
        for _visit in range(5):
            started = time.monotonic()
            response = await asyncio.to_thread(httpx.get, server.url + "/en/", timeout=15)
            slowest = max(slowest, time.monotonic() - started)
            assert response.status_code == 200
        assert slowest < 3, f"a page took {slowest:.1f} s while Redis hung"
        proxy.thaw()
        await alice.open_when_back()
        await alice.until_seen("h: while Redis hangs")
        assert _messages(server, "h: ") == {"h: while Redis hangs": 1}
        print(f"slowest page while Redis hung: {slowest:.2f} s")
    finally:
        proxy.thaw()
        await alice.close()


async def test_a_killed_web_process_loses_no_message(redis_site):
    """Alice and Bob chat on two web processes; Bob's process is killed (SIGKILL) right after
    he sends. Bob's page reconnects to the other process, resends what was not acknowledged and
    catches up; each message is stored once and both of them have every message once."""
    server, keys, proxy = redis_site
    proxy.restore()
    second, proc = _second_web(server, "web-killed")
    alice = ChatClient(server.url, keys["alice"])
    bob = ChatClient(second, keys["bob"], origin=server.url)
    try:
        await alice.open()
        await bob.open()
        await bob.send("k: bob before")
        await alice.until_seen("k: bob before")
        await bob.send("k: bob as his process dies")
        os.kill(proc.pid, signal.SIGKILL)
        for i in range(3):
            await alice.send(f"k: alice while bob is away {i}")
        await bob.open_when_back(base=server.url)  # the balancer sends him to the live process
        await alice.until_seen("k: bob as his process dies")
        for i in range(3):
            await bob.until_seen(f"k: alice while bob is away {i}")
        await bob.until_seen("k: bob as his process dies")
        expected = [
            "k: bob before",
            "k: bob as his process dies",
            *(f"k: alice while bob is away {i}" for i in range(3)),
        ]
        for person in (alice, bob):
            assert sorted(_bodies(person, "k: ")) == sorted(expected)
        assert _messages(server, "k: ") == dict.fromkeys(expected, 1)
    finally:
        await alice.close()
        await bob.close()
