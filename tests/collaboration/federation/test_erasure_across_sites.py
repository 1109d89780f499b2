"""Erasure across sites: a person erased here is deleted on the sites that know them (a signed
`Delete` of their actor, nothing else about them), and a person of another site who deleted
their account is erased here, their messages kept by "Former member"."""

# ruff: noqa: F811 - the fixtures of the hosting and remote group tests, imported below

import json

import pytest
from django.db import transaction

from collaboration import services
from collaboration.federation.models import Participant
from collaboration.models import Membership, Message
from federation.delivery import attempt_delivery
from federation.models import Actor, Delivery, RemoteActor
from tests.collaboration.federation.conftest import activity_id, numbered, sent
from tests.collaboration.federation.test_hosting import (  # noqa: F401 - fixtures
    GROUP,
    member,
    note_create,
    open_group,
)
from tests.collaboration.federation.test_remote_groups import (  # noqa: F401 - fixtures
    announce,
    create_note,
    joined,
    remote_group,
)
from tests.federation.conftest import SITE, load_fixture

pytestmark = pytest.mark.django_db
AP = {"Accept": "application/activity+json"}


def erase(user):
    """What the site's erasure does: the app's verb, then the account, in one transaction."""
    with transaction.atomic():
        services.erase_participant(user)
        user.delete()


def person_actor_of(user) -> Actor:
    return Actor.objects.get(kind="collaboration.person", object_key=str(user.pk))


def self_delete(peer, person):
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{person.uri}#delete",
        "type": "Delete",
        "actor": person.uri,
        "object": person.uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }


def test_erasing_someone_who_joined_a_group_elsewhere_deletes_them_there(
    joined, world, peer, committed
):
    """The group's site receives a Delete of the person's actor, signed with their key, that
    says nothing else about them; afterwards their actor and key are gone from here too."""
    actor = person_actor_of(world.bob)
    uri = actor.uri
    committed(erase, world.bob)
    deletes = sent(peer, "Delete")
    assert len(deletes) == 1
    delete = deletes[0]
    assert delete["actor"] == uri and delete["object"] == uri
    assert set(delete) == {"@context", "id", "type", "actor", "object", "to"}
    body = json.dumps(delete)
    assert "Bob" not in body and "example.org" not in body
    post = [r for r in peer.posts() if r.json().get("type") == "Delete"][0]
    assert f'keyId="{uri}#main-key"' in post.headers["Signature"]
    # Delivered: the tombstone and its key are removed.
    assert not Actor.objects.filter(username=actor.username).exists()


def test_the_actor_answers_gone_until_the_delete_is_delivered(
    joined, world, peer, committed, client
):
    """While their site is down, the erased person's actor answers 410 with a Tombstone (and
    WebFinger no longer knows them); once the Delete gets through, the key is dropped."""
    actor = person_actor_of(world.bob)
    peer.post_status = 503
    committed(erase, world.bob)
    tombstone = Actor.objects.get(pk=actor.pk)
    assert tombstone.gone_at is not None and tombstone.private_key_pem
    response = client.get(f"/ap/actors/{actor.username}", headers=AP)
    assert response.status_code == 410
    assert response.json()["type"] == "Tombstone" and response.json()["id"] == actor.uri
    finger = client.get("/.well-known/webfinger", {"resource": actor.uri})
    assert finger.status_code == 404
    delivery = Delivery.objects.get(activity__actor=tombstone, activity__activity_type="Delete")
    assert delivery.state == Delivery.RETRYING
    peer.post_status = 202
    assert attempt_delivery(delivery.pk) == Delivery.DELIVERED
    assert not Actor.objects.filter(pk=actor.pk).exists()


def test_a_rolled_back_erasure_sends_nothing(joined, world, peer, committed):
    """The Delete is written in the erasure's transaction: an erasure that fails sends nothing
    and leaves the person's actor as it was."""

    def failing():
        with transaction.atomic():
            services.erase_participant(world.bob)
            raise RuntimeError("the account could not be deleted")

    with pytest.raises(RuntimeError):
        committed(failing)
    assert not sent(peer, "Delete")
    assert person_actor_of(world.bob).gone_at is None


def test_erasing_a_member_of_our_group_tells_its_member_servers(
    world, open_group, member, peer, committed
):
    """Someone of ours who wrote in a group that another site's people joined is deleted on
    that site too (its shared inbox)."""
    committed(services.post_message, world.bob, open_group, "Hello", "Hi everyone")
    uri = person_actor_of(world.bob).uri
    committed(erase, world.bob)
    deletes = sent(peer, "Delete")
    assert [d["object"] for d in deletes] == [uri]
    assert [r.path for r in peer.posts() if r.json().get("type") == "Delete"] == ["/inbox"]


def test_someone_who_never_took_part_elsewhere_sends_nothing(world, peer, committed):
    """A person without an actor is erased as before, nothing is sent anywhere."""
    committed(erase, world.carol)
    assert not peer.posts()
    assert not Actor.objects.filter(gone_at__isnull=False).exists()


def test_a_person_who_deleted_their_account_elsewhere_is_erased_here(
    world, open_group, member, peer, deliver
):
    """Their messages stay by "Former member", their account and memberships go, and the
    servers of our groups they were in hear of it in the group's log."""
    deliver(note_create(peer, member, "Hello from Alice"), member)
    user = Participant.objects.get(actor__uri=member.uri).user
    message = Message.objects.get(author=user)
    before = len(numbered(peer))
    response = deliver(self_delete(peer, member), member)
    assert response.status_code == 202
    assert response.json()["status"] == "person erased"
    message.refresh_from_db()
    assert message.author_id is None and message.body == "Hello from Alice"
    assert not Participant.objects.filter(actor__uri=member.uri).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not RemoteActor.objects.get(uri=member.uri).public_key_pem
    relayed = numbered(peer)[before:]
    assert [(a["object"]["type"], a["object"]["object"]) for a in relayed] == [
        ("Delete", member.uri)
    ]
    assert relayed[0]["actor"] == GROUP


def test_mastodons_delete_of_an_account_is_understood(world, open_group, member, peer, deliver):
    """Mastodon's Delete of an account (the actor embedded as a Person) erases them too."""
    document = load_fixture(
        "mastodon-delete-user.json", {"https://social.tcit.fr/users/tcit": member.uri}
    )
    response = deliver(document, member)
    assert response.json()["status"] == "person erased"
    assert not Participant.objects.filter(actor__uri=member.uri).exists()


def test_a_delete_of_someone_else_is_refused(world, open_group, member, peer, deliver):
    """Another account of the same site cannot erase a person: 403, nothing changes."""
    mallory = peer.add_actor("mallory", key=3)
    forged = {**self_delete(peer, member), "id": activity_id(peer), "actor": mallory.uri}
    response = deliver(forged, mallory)
    assert response.status_code == 403
    assert "own account" in response.json()["error"]
    assert Participant.objects.filter(actor__uri=member.uri).exists()


def test_a_delete_of_an_unknown_actor_is_ignored(world, peer, deliver):
    """A Delete from an account this site never heard of, whose key is gone, is answered 202
    with the reason, and nothing is stored."""
    ghost = peer.add_actor("ghost", key=4)
    del peer.documents["/users/ghost"]
    response = deliver(self_delete(peer, ghost), ghost)
    assert response.status_code == 202
    assert response.json()["status"].startswith("ignored")
    assert not RemoteActor.objects.filter(uri=ghost.uri).exists()


def test_an_erasure_announced_by_a_group_erases_our_copy(
    joined, world, peer, remote_group, deliver
):
    """A group of another site announces that one of its members (of a third site) deleted
    their account: our copy of them is erased, their messages stay by "Former member"."""
    carla = f"{peer.url}/users/carla"
    deliver(
        announce(peer, remote_group, 1, create_note(peer, remote_group, carla, 1, "Hi")),
        remote_group,
    )
    message = Message.objects.get(group=joined)
    assert message.author is not None
    inner = {"id": f"{carla}#delete", "type": "Delete", "actor": carla, "object": carla}
    response = deliver(announce(peer, remote_group, 2, inner), remote_group)
    assert response.json()["status"] == "person erased"
    message.refresh_from_db()
    assert message.author_id is None and message.body == "Hi"
    assert not Participant.objects.filter(actor__uri=carla).exists()


def test_a_group_cannot_erase_one_of_our_people(joined, world, peer, remote_group, deliver):
    """An announced Delete naming one of this site's people is ignored: only we erase them."""
    uri = person_actor_of(world.bob).uri
    inner = {"id": f"{peer.url}/d", "type": "Delete", "actor": uri, "object": uri}
    response = deliver(announce(peer, remote_group, 1, inner), remote_group)
    assert response.json()["status"] == "ignored: one of our people"
    assert Membership.objects.filter(group=joined, user=world.bob).exists()
    assert SITE in uri
