"""The HTML pages and JSON endpoints: what members and visitors see, and what non-members never see."""

import pytest
from django.urls import reverse

from collaboration import services
from collaboration.models import Membership, Mention


@pytest.fixture
def talk(world):
    """A private message mentioning bob and a public one."""
    secret, _ = services.post_message(world.alice, world.private, "Budget", "Secret plan @bob")
    public, _ = services.post_message(world.alice, world.public, "Agenda", "Public plan @bob")
    return secret, public


def test_non_member_gets_nothing_of_a_private_group(client, world, talk):
    """Page, JSON history, edit history, search, mentions and unread counts reveal nothing."""
    secret, _public = talk
    for user in (None, world.carol):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get("/en/groups/board/").status_code == 404
        assert client.get("/en/groups/board/messages.json").status_code == 404
        assert client.get(f"/en/groups/board/messages/{secret.pk}/history/").status_code == 404
        assert client.get("/en/groups/board/members/").status_code in (302, 404)
        listing = client.get("/en/groups/").content.decode()
        assert "Board" not in listing and "Open forum" in listing
        results = client.get("/en/groups/search/?q=plan").content.decode()
        assert "Secret plan" not in results and "Public plan" in results
        assert client.get("/en/groups/unread.json").json()["total"] == 0
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" not in mentions


def test_member_sees_private_group(client, world, talk):
    """A member reads the page (newest messages server-rendered), history JSON and mentions."""
    client.force_login(world.bob)
    page = client.get("/en/groups/board/").content.decode()
    assert "Secret plan" in page and "data-chat" in page and "chat.js" in page
    data = client.get("/en/groups/board/messages.json").json()
    assert [m["body"] for m in data["messages"]] == ["Secret plan @bob"]
    assert client.get("/en/groups/unread.json").json()["total"] == 2
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" in mentions and "Public plan" in mentions


def test_removed_member_loses_mentions(client, world, talk):
    """Mentions from a group someone left are no longer listed."""
    services.remove_member(world.alice, world.private, world.bob)
    client.force_login(world.bob)
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" not in mentions and "Public plan" in mentions
    assert Mention.objects.filter(user=world.bob).count() == 2


def test_anonymous_reads_public_group(client, world, talk):
    """Anyone can read a public group; the page invites them to sign in to write."""
    page = client.get("/en/groups/open-forum/").content.decode()
    assert "Public plan" in page and "chat-composer" not in page


def test_history_json_pages(client, world, settings):
    """?before=<id> returns the older page."""
    settings.COLLABORATION_PAGE_SIZE = 2
    ids = [services.post_message(world.bob, world.public, "T", f"m{i}")[0].pk for i in range(3)]
    data = client.get(f"/en/groups/open-forum/messages.json?before={ids[2]}").json()
    assert [m["id"] for m in data["messages"]] == ids[:2] and not data["has_more"]


def test_convenor_manages_members(client, world):
    """A convenor approves a request, changes a role and removes a member from the site."""
    services.request_membership(world.carol, world.public)
    client.force_login(world.bob)
    assert client.get("/en/groups/open-forum/members/").status_code == 404
    client.force_login(world.alice)
    url = "/en/groups/open-forum/members/"
    assert "carol" in client.get(url).content.decode()
    client.post(url, {"action": "approve", "username": "carol"})
    assert Membership.objects.get(user=world.carol, group=world.public).state == "active"
    client.post(url, {"action": "role", "username": "carol", "role": "moderator"})
    assert Membership.objects.get(user=world.carol, group=world.public).role == "moderator"
    client.post(url, {"action": "remove", "username": "carol"})
    assert not Membership.objects.filter(user=world.carol, group=world.public).exists()
    client.post(url, {"action": "invite", "username": "carol"})
    assert Membership.objects.get(user=world.carol, group=world.public).state == "invited"


def test_join_and_leave(client, world):
    """Asking to join an approval group leaves a request; leaving removes the membership."""
    client.force_login(world.carol)
    client.post("/en/groups/open-forum/join/")
    assert Membership.objects.get(user=world.carol, group=world.public).state == "requested"
    client.force_login(world.bob)
    client.post("/en/groups/open-forum/leave/")
    assert not Membership.objects.filter(user=world.bob, group=world.public).exists()


def test_direct_conversation_view(client, world):
    """Opening a direct conversation leads to a private page for the two of them."""
    client.force_login(world.bob)
    response = client.post(reverse("collaboration:direct", args=["carol"]))
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(response["Location"]).status_code == 200
    client.force_login(world.alice)
    assert client.get(f"/en/groups/{slug}/").status_code == 404


def test_pages_in_every_language(client, world, settings):
    """The interface is translated: the French page speaks French."""
    page = client.get("/fr/groups/open-forum/").content.decode()
    assert "Sujets" in page


def test_header_widget(rf, world, talk):
    """Signed-in members see their unread count; visitors see nothing."""
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines

    template = engines["django"].from_string(
        '{% include "collaboration/includes/header_unread.html" %}'
    )
    request = rf.get("/")
    request.user = world.bob
    html = template.render({"request": request})
    assert ">2<" in html
    request.user = AnonymousUser()
    assert template.render({"request": request}).strip() == ""
