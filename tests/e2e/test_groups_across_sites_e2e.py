"""Three real sites on 127.0.0.1 hold one working group's discussion live: A hosts it, Bob on B
and Carol on C joined it from their own sites. Messages, edits, reactions and a moderator's
deletion reach every open page; B, stopped while A and C talk, catches up in order, once."""

import asyncio
import json
import re

import httpx
import pytest

from tests.e2e.group_sites import body_is, connect, group_sites, next_frame, send
from tests.e2e.site_scripts import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with group_sites(tmp_path_factory.mktemp("groups")) as cast:
        yield cast


def history(sites, site, username):
    """The discussion as the person's JSON history shows it on their own site."""
    response = httpx.get(
        f"{site.url}/en/groups/{sites.slugs[site.name]}/messages.json",
        cookies={"sessionid": sites.keys[site.name][username]},
        timeout=10,
    )
    response.raise_for_status()
    return [m["body"] for m in response.json()["messages"]]


async def test_one_discussion_live_on_three_sites(sites):
    """Bob writes on B: Alice sees it on A and Carol on C, with Bob's home site; Alice answers,
    Bob edits, Carol reacts, Alice (convenor) deletes a message: every page follows."""
    alice = await connect(sites, sites.a, "alice")
    bob = await connect(sites, sites.b, "bob")
    carol = await connect(sites, sites.c, "carol")
    try:
        await send(bob, "Hello from B")
        on_b = await next_frame(bob, "ack")
        seen_a = await next_frame(alice, "message", where=body_is("Hello from B"))
        seen_c = await next_frame(carol, "message", where=body_is("Hello from B"))
        host_b = sites.b.url.removeprefix("http://")
        assert seen_a["message"]["author"]["home"] == host_b
        assert seen_c["message"]["author"]["home"] == host_b
        assert seen_a["message"]["author"]["name"] == "Bob"
        # On B the message waited for the group's word, then shows as delivered.
        await next_frame(
            bob,
            "update",
            where=lambda f: f["message"]["id"] == on_b["id"] and f["message"]["pending"] is False,
        )

        await send(alice, "Welcome, Bob")
        await next_frame(bob, "message", where=body_is("Welcome, Bob"))
        await next_frame(carol, "message", where=body_is("Welcome, Bob"))

        await bob.send(json.dumps({"type": "edit", "id": on_b["id"], "body": "Hello from B!"}))
        await next_frame(alice, "update", where=body_is("Hello from B!"))
        await next_frame(carol, "update", where=body_is("Hello from B!"))

        c_messages = history(sites, sites.c, "carol")
        assert c_messages[:2] == ["Hello from B!", "Welcome, Bob"]
        # Carol reacts to Alice's welcome from C.
        c_ids = httpx.get(
            f"{sites.c.url}/en/groups/{sites.slugs['c']}/messages.json",
            cookies={"sessionid": sites.keys["c"]["carol"]},
        ).json()["messages"]
        welcome_id = next(m["id"] for m in c_ids if m["body"] == "Welcome, Bob")
        await carol.send(json.dumps({"type": "react", "id": welcome_id, "emoji": "🎉"}))
        reacted = await next_frame(alice, "update", where=lambda f: f["message"]["reactions"])
        assert reacted["message"]["reactions"][0]["emoji"] == "🎉"
        await next_frame(bob, "update", where=lambda f: f["message"]["reactions"])

        # The convenor on A deletes Bob's message: it goes on every site, a placeholder stays.
        a_ids = httpx.get(
            f"{sites.a.url}/en/groups/culture-lab/messages.json",
            cookies={"sessionid": sites.keys["a"]["alice"]},
        ).json()["messages"]
        bobs = next(m["id"] for m in a_ids if m["body"] == "Hello from B!")
        await alice.send(json.dumps({"type": "delete", "id": bobs}))
        await next_frame(bob, "update", where=lambda f: f["message"]["deleted"])
        await next_frame(carol, "update", where=lambda f: f["message"]["deleted"])
    finally:
        for ws in (alice, bob, carol):
            await ws.close()


async def test_a_site_that_was_down_catches_up_in_order_once(sites):
    """B is stopped while Alice and Carol talk; restarted, B's discussion holds every message,
    in the order of the group, each once."""
    sites.b.stop_processes()
    alice = await connect(sites, sites.a, "alice")
    carol = await connect(sites, sites.c, "carol")
    try:
        for n in range(5):
            speaker = alice if n % 2 == 0 else carol
            await send(speaker, f"While B sleeps {n}")
            other = carol if speaker is alice else alice
            await next_frame(other, "message", where=body_is(f"While B sleeps {n}"))
    finally:
        await alice.close()
        await carol.close()
    await asyncio.to_thread(sites.b.restart)
    # After a restart the site reads what it missed (make run does this when it starts).
    result = await asyncio.to_thread(sites.b.manage, "sync_remote_groups")
    assert "activities applied" in result.stdout
    bodies = history(sites, sites.b, "bob")
    missed = [b for b in bodies if b.startswith("While B sleeps")]
    assert missed == [f"While B sleeps {n}" for n in range(5)]
    # Once: syncing again (or A's retries arriving later) adds nothing.
    await asyncio.to_thread(sites.b.manage, "sync_remote_groups")
    assert history(sites, sites.b, "bob") == bodies
    # And B is live again.
    bob = await connect(sites, sites.b, "bob")
    alice = await connect(sites, sites.a, "alice")
    try:
        await send(bob, "Back on B")
        await next_frame(alice, "message", where=body_is("Back on B"))
    finally:
        await bob.close()
        await alice.close()


BOARD = """
from django.contrib.auth import get_user_model
from collaboration import services
alice = get_user_model().objects.get(username="alice")
group = services.create_group("Board", slug="board", visibility="private",
                              join_policy="invitation", convenor=alice)
print(group.slug)
"""


def _post_form(site_url, page, action, session, data):
    """POST a form of one of the site's pages, as the signed-in person (with its CSRF token)."""
    with httpx.Client(base_url=site_url, cookies={"sessionid": session}, timeout=10) as web:
        web.get(page).raise_for_status()
        token = web.cookies.get("csrftoken")
        return web.post(action, data={**data, "csrfmiddlewaretoken": token})


def test_an_invitation_from_a_to_bob_on_b(sites):
    """Alice invites @bob@B to A's private Board, joined by invitation only: Bob finds the
    invitation on B, accepts it there, and A counts him in; the Board then opens on B."""
    assert sites.a.manage("shell", "-c", BOARD).stdout.strip().endswith("board")
    bob_handle = f"@bob@{sites.b.url.removeprefix('http://')}"
    alice = sites.keys["a"]["alice"]
    sent = _post_form(
        sites.a.url,
        "/en/groups/board/members/",
        "/en/groups/elsewhere/invite/board/",
        alice,
        {"handle": bob_handle},
    )
    assert sent.status_code == 302, sent.text
    bob = sites.keys["b"]["bob"]

    def invitation_on_b():
        page = httpx.get(f"{sites.b.url}/en/groups/", cookies={"sessionid": bob}).text
        found = re.search(r'action="/en/groups/([\w-]+)/join/"', page)
        return found.group(1) if found and "You are invited to “Board”" in page else None

    wait_for(invitation_on_b, what="the invitation shown on B", timeout=20, interval=0.1)
    slug = invitation_on_b()
    _post_form(sites.b.url, "/en/groups/", f"/en/groups/{slug}/join/", bob, {})

    def member_on_a():
        page = httpx.get(f"{sites.a.url}/en/groups/board/members/", cookies={"sessionid": alice})
        return re.search(r"\(bob@[^)]+\)</td><td>Member<", page.text) is not None

    wait_for(member_on_a, what="Bob a member of the Board on A", timeout=20, interval=0.1)
    wait_for(
        lambda: (
            httpx.get(f"{sites.b.url}/en/groups/{slug}/", cookies={"sessionid": bob}).status_code
            == 200
        ),
        what="the Board open to Bob on B",
        timeout=20,
        interval=0.1,
    )
