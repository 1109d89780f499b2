"""A group of another site joined from here: asking to join, the Accept, the group's Announces
applied in order (a gap is filled from the group's log), and what our people write going to the
group and shown as not yet delivered until the group confirms it."""

import copy
import json

import pytest

from collaboration import services
from collaboration.federation.joining import JoinError, join_remote_group
from collaboration.federation.models import RemoteGroup
from collaboration.models import Membership, Message
from tests.collaboration.federation.conftest import activity_id, sent
from tests.federation.conftest import SITE, keypair

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_group(peer):
    """The peer hosts a working group "culture-lab" (its actor, WebFinger, an empty log)."""
    private, public = keypair(2)
    uri = f"{peer.url}/ap/actors/culture_lab"
    peer.documents["/ap/actors/culture_lab"] = {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": uri,
        "type": "Group",
        "preferredUsername": "culture_lab",
        "name": "Culture lab",
        "summary": "<p>Cities and culture</p>",
        "inbox": f"{uri}/inbox",
        "outbox": f"{uri}/outbox",
        "followers": f"{uri}/followers",
        "endpoints": {"sharedInbox": f"{peer.url}/ap/inbox"},
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": public},
        "discoverable": True,
        "activityLog": f"{peer.url}/ap/wg/culture_lab/log",
    }
    serve_webfinger(peer, f"acct:culture_lab@127.0.0.1:{peer.port}", uri)
    peer.documents["/ap/wg/culture_lab/log"] = {
        "id": f"{peer.url}/ap/wg/culture_lab/log",
        "type": "OrderedCollectionPage",
        "totalItems": 0,
        "orderedItems": [],
    }
    from tests.federation.conftest import RemoteActorKeys

    return RemoteActorKeys(uri=uri, key_id=f"{uri}#main-key", private_pem=private, server=peer)


def serve_webfinger(peer, subject, href):
    body = json.dumps(
        {
            "subject": subject,
            "links": [{"rel": "self", "type": "application/activity+json", "href": href}],
        }
    ).encode()
    peer.raw["/.well-known/webfinger"] = (200, {"Content-Type": "application/jrd+json"}, body)


def handle(peer):
    return f"@culture_lab@127.0.0.1:{peer.port}"


@pytest.fixture
def joined(world, peer, remote_group, committed, deliver):
    """Bob asked to join and the group accepted: our copy of the group, Bob an active member."""
    group, state = committed(join_remote_group, world.bob, handle(peer))
    assert state == Membership.State.REQUESTED
    follow = sent(peer, "Follow")[0]
    accept = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Accept",
        "actor": remote_group.uri,
        "object": follow,
    }
    response = deliver(accept, remote_group)
    assert response.json()["status"] == "joined the group", response.content
    return group


def announce(peer, remote_group, seq, inner):
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Announce",
        "actor": remote_group.uri,
        "object": inner,
        "to": [f"{remote_group.uri}/followers", "https://www.w3.org/ns/activitystreams#Public"],
        "audience": remote_group.uri,
        "context": f"{peer.url}/ap/topics/7",
        "seq": seq,
    }


def create_note(peer, remote_group, author, n, text):
    return {
        "id": f"{peer.url}/ap/messages/{n}#create",
        "type": "Create",
        "actor": author,
        "object": {
            "id": f"{peer.url}/ap/messages/{n}",
            "type": "Note",
            "attributedTo": author,
            "name": "Festival season",
            "content": f"<p>{text}</p>",
            "source": {"content": text, "mediaType": "text/markdown"},
            "audience": remote_group.uri,
            "context": f"{peer.url}/ap/topics/7",
        },
    }


def test_joining_asks_the_group_and_keeps_a_copy_here(world, peer, remote_group, committed):
    """Entering @culture_lab@peer sends a Follow from the member's Person actor to the group's
    inbox; the group shows here, marked with its home site, and the member is waiting."""
    group, state = committed(join_remote_group, world.bob, handle(peer))
    assert state == Membership.State.REQUESTED
    assert group.origin == f"127.0.0.1:{peer.port}"
    assert group.name == "Culture lab"
    follows = sent(peer, "Follow")
    assert len(follows) == 1
    assert follows[0]["object"] == remote_group.uri
    assert follows[0]["actor"].startswith(f"{SITE}/ap/actors/")
    assert peer.posts()[0].path == "/ap/actors/culture_lab/inbox"
    # Asking twice sends no second group and keeps one request.
    again, _ = committed(join_remote_group, world.bob, handle(peer))
    assert again.pk == group.pk
    assert RemoteGroup.objects.count() == 1


def test_a_hostile_group_description_is_sanitised(world, peer, remote_group, committed, client):
    """The group's description comes from another server: scripts and handlers are removed
    before its page shows it."""
    doc = peer.documents["/ap/actors/culture_lab"]
    doc["summary"] = '<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=alert(1)></p>'
    doc["name"] = "<b>Culture</b> lab"
    group, _state = committed(join_remote_group, world.bob, handle(peer))
    assert "script" not in group.description and "onerror" not in group.description
    assert "onclick" not in group.description and "Hi" in group.description
    client.force_login(world.bob)
    page = client.get(f"/en/groups/{group.slug}/").content.decode()
    assert "<script>alert(1)" not in page and "onerror=alert" not in page


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "address"),
        ("@nobody@127.0.0.1:1", "could not be found"),
        ("@open-forum@testserver", "this site"),
    ],
)
def test_joining_a_bad_address_says_why(world, value, reason):
    """A mistyped, unreachable or local handle is refused with a reason the member can act on."""
    with pytest.raises(JoinError) as error:
        join_remote_group(world.bob, value)
    assert reason in str(error.value.message)


def test_joining_something_that_is_not_a_group_is_refused(world, peer, committed):
    """A person's handle is not a group to join."""
    peer.add_actor("alice")
    serve_webfinger(peer, f"acct:alice@127.0.0.1:{peer.port}", f"{peer.url}/users/alice")
    with pytest.raises(JoinError) as error:
        join_remote_group(world.bob, f"@alice@127.0.0.1:{peer.port}")
    assert "not a group" in str(error.value.message)


def test_the_accept_lets_the_member_in(joined, world):
    """Once the group accepts, the member can write in our copy of the group."""
    assert Membership.objects.get(group=joined, user=world.bob).is_active


def test_announced_messages_are_shown_here_in_order(joined, world, peer, remote_group, deliver):
    """Each Announce adds the message to our copy, by its author of the other site; the same
    Announce twice adds nothing."""
    carla = f"{peer.url}/users/carla"
    first = announce(peer, remote_group, 1, create_note(peer, remote_group, carla, 1, "Hello"))
    assert deliver(first, remote_group).json()["status"] == "message stored"
    again = {**first, "id": activity_id(peer)}
    assert deliver(again, remote_group).json()["status"] == "already applied"
    second = announce(peer, remote_group, 2, create_note(peer, remote_group, carla, 2, "Again"))
    deliver(second, remote_group)
    messages = list(Message.objects.filter(group=joined).order_by("pk"))
    assert [m.body for m in messages] == ["Hello", "Again"]
    assert messages[0].topic.title == "Festival season"
    assert messages[0].origin == f"127.0.0.1:{peer.port}"
    assert messages[0].author.username.startswith("carla@")
    assert not messages[0].author.has_usable_password()


def test_a_gap_is_filled_from_the_groups_log(joined, world, peer, remote_group, deliver):
    """Announce 3 after 1: numbers 2 and 3 are read from the group's log and applied in order."""
    carla = f"{peer.url}/users/carla"
    items = [
        announce(peer, remote_group, n, create_note(peer, remote_group, carla, n, f"M{n}"))
        for n in (1, 2, 3)
    ]
    deliver(items[0], remote_group)
    peer.documents["/ap/wg/culture_lab/log"] = {
        "id": f"{peer.url}/ap/wg/culture_lab/log?after=1",
        "type": "OrderedCollectionPage",
        "totalItems": 3,
        "orderedItems": [copy.deepcopy(i) for i in items[1:]],
    }
    response = deliver(items[2], remote_group)
    assert "catching up" in response.json()["status"]
    assert [m.body for m in Message.objects.filter(group=joined).order_by("pk")] == [
        "M1",
        "M2",
        "M3",
    ]
    assert RemoteGroup.objects.get(group=joined).last_seq == 3
    # The log was asked with a signature (a private group answers only member servers).
    reads = [r for r in peer.received if r.method == "GET" and "/log" in r.path]
    assert reads and all("Signature" in r.headers or "signature" in r.headers for r in reads)


def test_our_message_goes_to_the_group_and_waits_for_its_confirmation(
    joined, world, peer, remote_group, committed, deliver
):
    """What Bob writes is stored here, sent to the group's inbox as Create(Note), and marked
    pending until the group's Announce of it comes back."""
    message, _ = committed(
        services.post_message, world.bob, joined, "Festival season", "Count me in"
    )
    message.refresh_from_db()
    assert message.pending is True
    create = sent(peer, "Create")[-1]
    note = create["object"]
    assert note["id"] == f"{SITE}/ap/messages/{message.pk}"
    assert note["audience"] == remote_group.uri and remote_group.uri in note["to"]
    assert note["source"]["content"] == "Count me in"
    back = announce(peer, remote_group, 1, create)
    assert deliver(back, remote_group).json()["status"] == "delivered"
    message.refresh_from_db()
    assert message.pending is False
    assert Message.objects.filter(group=joined).count() == 1


def test_edits_deletes_and_reactions_of_ours_go_to_the_group(
    joined, world, peer, remote_group, committed
):
    """Editing, reacting to and deleting our message send Update, Like, Undo and Delete."""
    message, _ = committed(services.post_message, world.bob, joined, "Festival season", "Draft")
    committed(services.edit_message, world.bob, message.pk, "Final")
    committed(services.react, world.bob, message.pk, "🎉")
    committed(services.unreact, world.bob, message.pk, "🎉")
    committed(services.delete_message, world.bob, message.pk)
    kinds = [d["type"] for d in sent(peer) if d["type"] != "Follow"]
    assert kinds == ["Create", "Update", "Like", "Undo", "Delete"]
    like = sent(peer, "Like")[0]
    assert like["content"] == "🎉" and like["object"] == f"{SITE}/ap/messages/{message.pk}"


def test_announced_edits_deletes_and_reactions_are_applied(joined, peer, remote_group, deliver):
    """The group's Announces of Update, Like and Delete change our copy the same way."""
    carla = f"{peer.url}/users/carla"
    create = create_note(peer, remote_group, carla, 1, "Hello")
    deliver(announce(peer, remote_group, 1, create), remote_group)
    update = {
        "id": f"{peer.url}/u1",
        "type": "Update",
        "actor": carla,
        "object": {
            **create["object"],
            "content": "<p>Hello all</p>",
            "source": {"content": "Hello all", "mediaType": "text/markdown"},
        },
    }
    deliver(announce(peer, remote_group, 2, update), remote_group)
    like = {
        "id": f"{peer.url}/l1",
        "type": "Like",
        "actor": f"{peer.url}/users/dan",
        "object": create["object"]["id"],
        "content": "👏",
    }
    deliver(announce(peer, remote_group, 3, like), remote_group)
    message = Message.objects.get(group=joined)
    assert message.body == "Hello all"
    assert list(message.reactions.values_list("emoji", flat=True)) == ["👏"]
    delete = {
        "id": f"{peer.url}/d1",
        "type": "Delete",
        "actor": f"{peer.url}/users/mod",
        "object": {"id": create["object"]["id"], "type": "Tombstone"},
    }
    deliver(announce(peer, remote_group, 4, delete), remote_group)
    message.refresh_from_db()
    assert message.is_deleted


def test_an_announce_from_someone_else_is_not_the_groups(joined, peer, remote_group, deliver):
    """An Announce signed by another actor, naming the group as its actor, is refused."""
    mallory = peer.add_actor("mallory", key=3)
    forged = announce(
        peer, remote_group, 1, create_note(peer, remote_group, mallory.uri, 9, "Fake")
    )
    response = deliver(forged, mallory)
    assert response.status_code == 401
    assert not Message.objects.filter(group=joined).exists()


def test_a_bad_sequence_number_is_refused(joined, peer, remote_group, deliver):
    """A `seq` that is not a positive number is refused with a reason, and nothing changes."""
    bad = announce(
        peer, remote_group, 1, create_note(peer, remote_group, f"{peer.url}/users/c", 1, "x")
    )
    bad["seq"] = "1; DROP TABLE"
    response = deliver(bad, remote_group)
    assert response.status_code == 400 and "seq" in json.dumps(response.json())


def test_leaving_tells_the_group(joined, world, peer, committed):
    """Leaving our copy of the group sends Undo(Follow) to the group."""
    committed(services.leave_group, world.bob, joined)
    undo = sent(peer, "Undo")[-1]
    assert undo["object"]["type"] == "Follow"
    assert undo["object"]["object"].endswith("/ap/actors/culture_lab")


def test_a_reject_removes_the_member(joined, world, peer, remote_group, deliver):
    """When the group's site removes the member (Reject of the Follow), they are out here too."""
    follow = sent(peer, "Follow")[0]
    reject = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Reject",
        "actor": remote_group.uri,
        "object": follow,
    }
    deliver(reject, remote_group)
    assert not Membership.objects.filter(group=joined, user=world.bob).exists()


def test_the_join_page_asks_and_says_what_went_wrong(
    world, peer, remote_group, client, django_capture_on_commit_callbacks
):
    """The member's page takes a handle: a bad one is shown again with the reason (400, no
    500); a good one sends the request and leads to the group's page, which says where it lives."""
    client.force_login(world.bob)
    assert client.get("/en/groups/elsewhere/").status_code == 200
    bad = client.post("/en/groups/elsewhere/", {"handle": "@nobody@127.0.0.1:1"})
    assert bad.status_code == 400
    assert "could not be found" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post("/en/groups/elsewhere/", {"handle": handle(peer)}, follow=True)
    assert good.status_code == 200
    assert f"127.0.0.1:{peer.port}" in good.content.decode()
    assert sent(peer, "Follow")


def test_the_join_page_is_for_signed_in_members(client, world):
    """Signed out, the page sends you to sign in."""
    response = client.get("/en/groups/elsewhere/")
    assert response.status_code == 302 and "login" in response["Location"]
