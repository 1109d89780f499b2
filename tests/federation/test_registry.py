"""Extension points: another app's kind of actor is found by WebFinger and served like ours, and
its inbox handlers see activities first, falling through to federation's own when not theirs."""

import pytest

from federation import registry
from federation.actors import new_actor
from federation.models import Actor, Follow

from .conftest import load_fixture, signed_post

pytestmark = pytest.mark.django_db
AP = {"Accept": "application/activity+json"}


@pytest.fixture
def isolated_registry():
    """What the test registers is gone after it (the site's own kinds stay)."""
    kinds = dict(registry._ACTOR_KINDS)
    handlers = {k: list(v) for k, v in registry._INBOX_HANDLERS.items()}
    yield
    registry._ACTOR_KINDS.clear()
    registry._ACTOR_KINDS.update(kinds)
    registry._INBOX_HANDLERS.clear()
    registry._INBOX_HANDLERS.update(handlers)


class Room(registry.ActorKind):
    """A test kind: rooms named room-<n>, made when first asked for."""

    kind = "tests.room"

    def document(self, actor):
        return {"id": actor.uri, "type": "Group", "preferredUsername": actor.username}

    def profile_url(self, actor):
        return "http://testserver/rooms/" + actor.object_key

    def find(self, username):
        if not username.startswith("room_"):
            return None
        return new_actor(self.kind, username[5:], username, "Group")


@pytest.fixture
def room_kind(isolated_registry):
    registry.register_actor_kind(Room())


def test_webfinger_finds_an_apps_actor_made_on_first_request(client, fed_settings, room_kind):
    """An app's actor that does not exist yet is made when WebFinger asks for it, once."""
    for _ in range(2):
        response = client.get("/.well-known/webfinger", {"resource": "acct:room_7@testserver"})
        assert response.status_code == 200
    assert Actor.objects.filter(kind="tests.room", object_key="7").count() == 1
    links = {link["rel"]: link["href"] for link in response.json()["links"]}
    assert links["http://webfinger.net/rel/profile-page"] == "http://testserver/rooms/7"
    doc = client.get("/ap/actors/room_7", headers=AP).json()
    assert doc["type"] == "Group" and doc["preferredUsername"] == "room_7"
    assert client.get("/ap/actors/room_7").url == "http://testserver/rooms/7"


def test_unknown_usernames_stay_unknown(client, fed_settings, room_kind):
    """A username no kind recognises is a 404, and no actor is made."""
    response = client.get("/.well-known/webfinger", {"resource": "acct:nobody@testserver"})
    assert response.status_code == 404
    assert not Actor.objects.filter(username="nobody").exists()
    assert not Actor.objects.filter(kind="tests.room").exists()


def test_an_apps_handler_sees_the_activity_first(client, network, remote_server, isolated_registry):
    """A registered handler that takes the Follow answers it; one that returns None lets the
    federation app's own handler follow as usual."""
    alice = remote_server.add_actor("alice")
    seen = []

    def not_mine(document, remote, inbox_actor):
        seen.append(document["type"])
        return None

    registry.register_inbox_handler("Follow", not_mine)
    follow = load_fixture(
        "mastodon-follow.json",
        {
            "http://localtesting.pleroma.lol/users/lain": network.uri,
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": remote_server.url,
        },
    )
    response, _h, _b = signed_post(client, "/ap/inbox", follow, alice)
    assert response.json()["status"] == "followed"
    assert seen == ["Follow"]
    assert Follow.objects.filter(direction=Follow.INCOMING).count() == 1

    registry.register_inbox_handler("Follow", lambda d, r, i: "taken by the app")
    follow["id"] = follow["id"] + "-2"
    response, _h, _b = signed_post(client, "/ap/inbox", follow, alice)
    assert response.json()["status"] == "taken by the app"
