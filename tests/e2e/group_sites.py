"""Three real sites sharing one working group: A hosts "Culture lab", Bob on B and Carol on C
join it from their own sites. Shared by the end-to-end tests and the cross-site benchmark."""

from __future__ import annotations

import asyncio
import contextlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tests.e2e.site_scripts import wait_for
from tests.servers import Server, start_site

PEOPLE = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Locale
Locale.objects.get_or_create(language_code="en")
User = get_user_model()
keys = {{}}
for name in {names!r}:
    user, _ = User.objects.get_or_create(username=name, defaults={{"first_name": name.title()}})
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    keys[name] = s.session_key
import json; print(json.dumps(keys))
"""

HOST_GROUP = """
from django.contrib.auth import get_user_model
from collaboration import services
from collaboration.federation.actors import hosted_group
alice = get_user_model().objects.get(username="alice")
group = services.create_group("Culture lab", slug="culture-lab", visibility={visibility!r},
                              join_policy="open", convenor=alice)
print(hosted_group(group).actor.username)
"""

JOIN = """
from django.contrib.auth import get_user_model
from collaboration.federation.joining import join_remote_group
user = get_user_model().objects.get(username={name!r})
group, state = join_remote_group(user, {handle!r})
print(group.slug)
"""

MEMBER = """
from collaboration.models import Membership
print(Membership.objects.filter(user__username={name!r}, group__slug={slug!r},
                                state="active").exists())
"""


@dataclass
class GroupSites:
    a: Server
    b: Server
    c: Server
    keys: dict  # site name -> {username: session key}
    slugs: dict  # site name -> the group's slug there
    handle: str

    def ws_url(self, site: Server) -> str:
        return site.url.replace("http", "ws") + f"/ws/groups/{self.slugs[site.name]}/"


def manage_json(site: Server, script: str):
    return json.loads(site.manage("shell", "-c", script).stdout.strip().splitlines()[-1])


def manage_line(site: Server, script: str) -> str:
    return site.manage("shell", "-c", script).stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def group_sites(workdir, *, visibility="public", extra_env=None):
    """A, B and C started side by side; the group on A; Bob (B) and Carol (C) its members."""
    names = ("a", "b", "c")
    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(start_site, workdir, name, extra_env=extra_env) for name in names]
        sites = []
        errors = []
        for future in futures:
            try:
                sites.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - stop the others, then raise
                errors.append(exc)
    if errors:
        for site in sites:
            site.stop()
        raise errors[0]
    a, b, c = sites
    try:
        keys = {
            "a": manage_json(a, PEOPLE.format(names=("alice", "ann"))),
            "b": manage_json(b, PEOPLE.format(names=("bob",))),
            "c": manage_json(c, PEOPLE.format(names=("carol",))),
        }
        username = manage_line(a, HOST_GROUP.format(visibility=visibility))
        handle = f"@{username}@{a.url.removeprefix('http://')}"
        slugs = {"a": "culture-lab"}
        for site, name in ((b, "bob"), (c, "carol")):
            slugs[site.name] = manage_line(site, JOIN.format(name=name, handle=handle))
        for site, name in ((b, "bob"), (c, "carol")):
            wait_for(
                lambda s=site, n=name: (
                    manage_line(s, MEMBER.format(name=n, slug=slugs[s.name])) == "True"
                ),
                what=f"{name}'s membership accepted on {site.name}",
                timeout=60,
            )
        yield GroupSites(a=a, b=b, c=c, keys=keys, slugs=slugs, handle=handle)
    finally:
        for site in sites:
            site.stop()


async def connect(sites: GroupSites, site: Server, username: str):
    """A signed-in WebSocket of the group's page on `site`, past its hello."""
    from websockets.asyncio.client import connect as ws_connect

    ws = await ws_connect(
        sites.ws_url(site),
        origin=site.url,
        additional_headers={"Cookie": f"sessionid={sites.keys[site.name][username]}"},
        max_size=2**20,
        # Pages that only send still receive every frame: keep reading them (a full queue stops
        # the client reading, and its keepalive pings then time out).
        max_queue=None,
    )
    hello = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert hello["type"] == "hello", hello
    return ws


async def next_frame(ws, kind, timeout=10, where=lambda frame: True):
    """The next frame of this type that satisfies `where`, skipping the others (a timeout says
    which frames came instead)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    skipped = []
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"no matching {kind} frame within {timeout}s; got {skipped}")
        try:
            frame = json.loads(await asyncio.wait_for(ws.recv(), remaining))
        except TimeoutError:
            raise TimeoutError(
                f"no matching {kind} frame within {timeout}s; got {skipped}"
            ) from None
        if frame["type"] == kind and where(frame):
            return frame
        message = frame.get("message") or {}
        skipped.append((frame["type"], message.get("body"), message.get("pending")))


def body_is(text):
    return lambda frame: frame["message"]["body"] == text


async def send(ws, body, topic="Festival season", client_id=None):
    await ws.send(
        json.dumps(
            {"type": "send", "topic": topic, "body": body, "client_id": client_id or body[:60]}
        )
    )
