"""Discovery and documents: what a fediverse server sees when it looks us up."""

import pytest

from federation.models import Actor, FederatedObject, Follow, OutboxActivity, RemoteActor

AP = "application/activity+json"
LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


def test_webfinger_finds_the_network_by_handle(client, network):
    """@like@HOST resolves to the actor's URL, HOST from SITE_URL, whatever the request's Host."""
    response = client.get(
        "/.well-known/webfinger",
        {"resource": "acct:like@testserver"},
        headers={"Host": "localhost"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jrd+json")
    doc = response.json()
    assert doc["subject"] == "acct:like@testserver"
    self_link = next(link for link in doc["links"] if link["rel"] == "self")
    assert self_link == {"rel": "self", "type": AP, "href": "http://testserver/ap/actors/like"}


def test_webfinger_by_actor_url(client, network):
    """WebFinger answers a lookup by actor URL with the actor's acct: handle."""
    response = client.get("/.well-known/webfinger", {"resource": network.uri})
    assert response.json()["subject"] == "acct:like@testserver"


@pytest.mark.parametrize(
    "resource",
    ["acct:nobody@testserver", "acct:like@elsewhere.example", "https://elsewhere.example/x"],
)
def test_webfinger_unknown(client, network, resource):
    """WebFinger answers 404 for an unknown user, another host or a foreign URL."""
    assert client.get("/.well-known/webfinger", {"resource": resource}).status_code == 404


def test_webfinger_without_resource(client, network):
    """WebFinger without a resource parameter answers 400."""
    assert client.get("/.well-known/webfinger").status_code == 400


def test_nodeinfo(client, network):
    """NodeInfo 2.1 says what we run, that we speak ActivityPub and that registrations are closed."""
    links = client.get("/.well-known/nodeinfo").json()["links"]
    assert links[0]["href"] == "http://testserver/nodeinfo/2.1"
    doc = client.get("/nodeinfo/2.1").json()
    assert doc["version"] == "2.1"
    assert doc["software"]["name"] == "rencontres"
    assert doc["protocols"] == ["activitypub"]
    assert doc["openRegistrations"] is False
    assert doc["usage"]["users"]["total"] == 1


def test_host_meta(client, network):
    """host-meta tells older servers where WebFinger is, as XRD."""
    response = client.get("/.well-known/host-meta")
    assert response["Content-Type"] == "application/xrd+xml"
    assert "http://testserver/.well-known/webfinger?resource={uri}" in response.content.decode()


@pytest.mark.parametrize("accept", [AP, LD])
def test_actor_document(client, network, accept):
    """The actor document has everything Mastodon reads: keys, inboxes, collections."""
    response = client.get("/ap/actors/like", headers={"Accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"] == AP
    doc = response.json()
    assert doc["id"] == "http://testserver/ap/actors/like"
    assert doc["type"] == "Organization"
    assert doc["preferredUsername"] == "like"
    assert doc["name"] == "LIKE"
    assert doc["inbox"] == "http://testserver/ap/actors/like/inbox"
    assert doc["endpoints"]["sharedInbox"] == "http://testserver/ap/inbox"
    for key in ("outbox", "followers", "following"):
        assert doc[key] == f"http://testserver/ap/actors/like/{key}"
    assert doc["publicKey"]["id"] == "http://testserver/ap/actors/like#main-key"
    assert doc["publicKey"]["owner"] == doc["id"]
    assert doc["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert doc["manuallyApprovesFollowers"] is False
    assert doc["discoverable"] is True
    assert doc["published"].endswith("Z")


def test_actor_keys_never_change(network):
    """Saving an actor again keeps its keys."""
    pem = network.public_key_pem
    network.save()
    assert Actor.objects.get(pk=network.pk).public_key_pem == pem


def test_browser_is_sent_to_the_html_page(client, network):
    """A browser opening an actor URL is redirected to its web page."""
    response = client.get("/ap/actors/like", headers={"Accept": "text/html"})
    assert response.status_code == 302


def test_unknown_actor(client, network):
    """An unknown actor answers 404 to fediverse servers."""
    assert client.get("/ap/actors/nobody", headers={"Accept": AP}).status_code == 404


def test_followers_show_only_their_count_by_default(client, network):
    """By default a peer sees how many followers an actor has, not who they are."""
    remote = RemoteActor.objects.create(uri="https://peer.example/users/a", domain="peer.example")
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.INCOMING, state=Follow.ACCEPTED
    )
    doc = client.get("/ap/actors/like/followers", headers={"Accept": AP}).json()
    assert doc["type"] == "OrderedCollection"
    assert doc["totalItems"] == 1
    assert "first" not in doc


def test_followers_list_when_public(client, network, fed_settings):
    """With FEDERATION_FOLLOWERS_COLLECTION_PUBLIC, peers can list the followers."""
    fed_settings.FEDERATION_FOLLOWERS_COLLECTION_PUBLIC = True
    remote = RemoteActor.objects.create(uri="https://peer.example/users/a", domain="peer.example")
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.INCOMING, state=Follow.ACCEPTED
    )
    page = client.get("/ap/actors/like/followers?page=1").json()
    assert page["orderedItems"] == ["https://peer.example/users/a"]


def test_outbox_is_paged(client, network, fed_settings):
    """The outbox lists public activities, newest first, page by page."""
    fed_settings.FEDERATION_COLLECTION_PAGE_SIZE = 2
    for n in range(3):
        a = OutboxActivity.objects.create(
            actor=network, activity_type="Create", document={"type": "Create", "n": n}
        )
        a.document["id"] = a.uri
        a.save()
    OutboxActivity.objects.create(
        actor=network, activity_type="Accept", document={"type": "Accept"}, public=False
    )
    doc = client.get("/ap/actors/like/outbox").json()
    assert doc["totalItems"] == 3
    first = client.get(doc["first"].replace("http://testserver", "")).json()
    assert len(first["orderedItems"]) == 2
    assert first["next"].endswith("?page=2")
    second = client.get("/ap/actors/like/outbox?page=2").json()
    assert len(second["orderedItems"]) == 1 and "next" not in second


def test_deleted_object_answers_410(client, network):
    """Once a page is unpublished everywhere, its object answers 410 Gone with a Tombstone."""
    fobj = FederatedObject.objects.create(
        actor=network, document={"type": "Article"}, state=FederatedObject.DELETED
    )
    response = client.get(f"/ap/objects/{fobj.uuid}", headers={"Accept": AP})
    assert response.status_code == 410
    assert response.json()["type"] == "Tombstone"


def test_object_document(client, network):
    """A published object's URL answers peers with its ActivityStreams document and @context."""
    fobj = FederatedObject.objects.create(
        actor=network, document={"type": "Article", "name": "Hello"}
    )
    response = client.get(f"/ap/objects/{fobj.uuid}", headers={"Accept": AP})
    assert response.status_code == 200
    assert response.json()["name"] == "Hello"
    assert "@context" in response.json()


def test_following_lists_accepted_follows_only_page_by_page(client, network, fed_settings):
    """Whom the network follows: accepted outgoing follows only (not pending or rejected ones,
    not our followers), newest first, paged."""
    fed_settings.FEDERATION_COLLECTION_PAGE_SIZE = 2
    for n, (direction, state) in enumerate(
        [
            (Follow.OUTGOING, Follow.ACCEPTED),
            (Follow.OUTGOING, Follow.PENDING),
            (Follow.OUTGOING, Follow.REJECTED),
            (Follow.INCOMING, Follow.ACCEPTED),
            (Follow.OUTGOING, Follow.ACCEPTED),
            (Follow.OUTGOING, Follow.ACCEPTED),
        ]
    ):
        remote = RemoteActor.objects.create(
            uri=f"https://peer{n}.example/users/a", domain=f"peer{n}.example"
        )
        Follow.objects.create(
            local_actor=network, remote_actor=remote, direction=direction, state=state
        )
    response = client.get("/ap/actors/like/following", headers={"Accept": AP})
    assert response.status_code == 200
    assert response["Content-Type"] == AP
    doc = response.json()
    assert doc["type"] == "OrderedCollection"
    assert doc["id"] == "http://testserver/ap/actors/like/following"
    assert doc["totalItems"] == 3
    first = client.get(doc["first"].replace("http://testserver", "")).json()
    assert first["type"] == "OrderedCollectionPage"
    assert first["orderedItems"] == [
        "https://peer5.example/users/a",
        "https://peer4.example/users/a",
    ]
    second = client.get(first["next"].replace("http://testserver", "")).json()
    assert second["orderedItems"] == ["https://peer0.example/users/a"]
    assert "next" not in second


@pytest.mark.parametrize("page", ["0", "-1", "x", "999999999"])
def test_following_bad_page_is_a_clear_404(client, network, page):
    """A bad page number in the following collection answers a JSON 404 saying 'no such page'."""
    response = client.get(f"/ap/actors/like/following?page={page}")
    assert response.status_code == 404
    assert response.json() == {"error": "no such page"}


def test_following_of_unknown_actor(client, network):
    """The following collection of an unknown actor answers a JSON 404 with an error."""
    response = client.get("/ap/actors/nobody/following")
    assert response.status_code == 404
    assert "error" in response.json()


def test_public_activity_is_served(client, network):
    """Our public activities can be fetched by their id, as ActivityStreams."""
    from federation.delivery import record_activity

    activity = record_activity(
        network,
        {
            "@context": "https://www.w3.org/ns/activitystreams",
            "type": "Announce",
            "actor": network.uri,
            "object": "https://peer.example/p/1",
        },
    )
    response = client.get(f"/ap/activities/{activity.uuid}", headers={"Accept": AP})
    assert response.status_code == 200
    assert response["Content-Type"] == AP
    doc = response.json()
    assert doc["id"] == activity.uri == f"http://testserver/ap/activities/{activity.uuid}"
    assert doc["type"] == "Announce" and doc["actor"] == network.uri


def test_private_and_unknown_activities_are_the_same_404(client, network):
    """A Follow or an Accept we sent is not public: its URL answers exactly like an unknown one,
    so nothing tells who we follow or accepted."""
    import uuid

    from federation.delivery import record_activity

    private = record_activity(
        network,
        {"type": "Follow", "actor": network.uri, "object": "https://peer.example/users/a"},
        public=False,
    )
    hidden = client.get(f"/ap/activities/{private.uuid}", headers={"Accept": AP})
    unknown = client.get(f"/ap/activities/{uuid.uuid4()}", headers={"Accept": AP})
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == {"error": "no such activity"}
    assert "peer.example" not in hidden.content.decode()
