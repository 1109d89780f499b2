"""Roles across sites: a group of ours announces who moderates it (`Add`/`Remove` of its
moderators, numbered in its log), a site keeping a copy shows those roles, and moderation by its
people goes to the group's site, which decides."""

# ruff: noqa: F811 - the fixtures of the hosting and remote group tests, imported below

import pytest
from django.urls import reverse
from django.utils import translation

from collaboration import permissions, services
from collaboration.federation.models import FederatedMessage, Participant
from collaboration.models import Membership, Message
from federation.models import Actor
from tests.collaboration.federation.conftest import activity_id, numbered, sent
from tests.collaboration.federation.test_hosting import (  # noqa: F401 - fixtures
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
from tests.federation.conftest import SITE

pytestmark = pytest.mark.django_db
MODERATORS = f"{SITE}/ap/wg/open_forum/moderators"


def delete_of(peer, actor, obj):
    """A Delete of `obj` sent by `actor` of the peer site, with a new id."""
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Delete",
        "actor": actor.uri,
        "object": obj,
    }


def roles_announced(peer):
    return [
        (a["object"]["type"], a["object"]["object"], a["object"].get("rencontres:role"))
        for a in numbered(peer)
        if a["object"]["type"] in {"Add", "Remove"}
    ]


def test_a_role_change_is_announced_to_the_member_servers(
    world, open_group, member, peer, committed
):
    """Making someone of another site a convenor, then a member again, is announced as Add and
    Remove of the group's moderators, in the group's numbered log; a change that leaves the
    moderators as they were announces nothing."""
    person = Participant.objects.get(actor__uri=member.uri).user
    committed(services.change_role, world.alice, open_group, person, Membership.Role.CONVENOR)
    committed(services.change_role, world.alice, open_group, person, Membership.Role.MEMBER)
    committed(services.change_role, world.alice, open_group, world.bob, Membership.Role.MEMBER)
    assert roles_announced(peer) == [
        ("Add", member.uri, "convenor"),
        ("Remove", member.uri, None),
    ]
    add = next(a for a in numbered(peer) if a["object"]["type"] == "Add")
    assert add["actor"] == add["object"]["actor"] == f"{SITE}/ap/actors/open_forum"
    assert add["object"]["target"] == MODERATORS
    seqs = [a["seq"] for a in numbered(peer)]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_a_moderator_of_ours_who_leaves_is_removed_from_the_moderators(
    world, open_group, member, peer, committed
):
    """A local moderator leaving the group: its member servers hear they no longer moderate."""
    committed(services.change_role, world.alice, open_group, world.bob, Membership.Role.MODERATOR)
    committed(services.leave_group, world.bob, open_group)
    bob = Actor.objects.get(kind="collaboration.person", object_key=str(world.bob.pk)).uri
    assert roles_announced(peer) == [("Add", bob, "moderator"), ("Remove", bob, None)]


def test_a_convenor_of_another_site_deletes_a_message_here(
    world, open_group, member, peer, committed, deliver
):
    """Someone of another site made convenor here may delete anyone's message from their site;
    before, the same Delete was refused: the group's site checks the rights."""
    message, _ = committed(services.post_message, world.bob, open_group, "Agenda", "Mine")

    def delete():
        return delete_of(peer, member, f"{SITE}/ap/messages/{message.pk}")

    refused = deliver(delete(), member)
    assert refused.status_code == 403 and "own objects" not in refused.json()["error"]
    person = Participant.objects.get(actor__uri=member.uri).user
    committed(services.change_role, world.alice, open_group, person, Membership.Role.CONVENOR)
    response = deliver(delete(), member)
    assert response.json().get("status") == "message deleted", response.content
    message.refresh_from_db()
    assert message.is_deleted


def test_a_convenor_of_another_site_deletes_a_message_written_on_a_third(
    world, open_group, member, peer, committed, deliver
):
    """A convenor who lives on another site deletes, in our group, a message that came from a
    third site (its id is on neither server): the group's site checks their rights, so a plain
    member's same Delete is refused and a convenor's is applied."""
    message, _ = committed(services.post_message, world.bob, open_group, "Agenda", "From C")
    third = "https://third.example/notes/1"
    FederatedMessage.objects.update_or_create(message=message, defaults={"uri": third})

    def delete():
        return delete_of(peer, member, {"id": third, "type": "Tombstone"})

    refused = deliver(delete(), member)
    assert refused.status_code == 403
    message.refresh_from_db()
    assert not message.is_deleted
    person = Participant.objects.get(actor__uri=member.uri).user
    committed(services.change_role, world.alice, open_group, person, Membership.Role.CONVENOR)
    response = deliver(delete(), member)
    assert response.json().get("status") == "message deleted", response.content
    message.refresh_from_db()
    assert message.is_deleted


def test_a_delete_of_someone_elses_object_that_nobody_here_takes_is_refused(
    world, member, peer, deliver
):
    """A Delete of an object on a server other than the sender's, that no group of ours holds,
    is still refused with the reason (only a group's moderators delete others' objects)."""
    response = deliver(delete_of(peer, member, "https://third.example/notes/unknown"), member)
    assert response.status_code == 403
    assert "own objects" in response.json()["error"]


def test_an_add_from_someone_else_than_the_group_is_refused(
    world, open_group, member, peer, deliver
):
    """A member cannot make themselves a moderator of our group by sending an Add: 403."""
    add = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Add",
        "actor": member.uri,
        "object": member.uri,
        "target": MODERATORS,
    }
    response = deliver(add, member)
    assert response.status_code == 403
    person = Participant.objects.get(actor__uri=member.uri).user
    assert Membership.objects.get(group=open_group, user=person).role == Membership.Role.MEMBER


# -- a copy of a group of another site ------------------------------------------------------------


@pytest.fixture
def moderated(peer, remote_group):
    """The peer's group lists its moderators (Lemmy's `moderators`): Carla of the peer."""
    moderators = f"{peer.url}/ap/wg/culture_lab/moderators"
    peer.documents["/ap/actors/culture_lab"]["moderators"] = moderators
    peer.documents["/ap/actors/culture_lab"]["attributedTo"] = moderators
    peer.documents["/ap/wg/culture_lab/moderators"] = {
        "id": moderators,
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [f"{peer.url}/users/carla"],
    }
    return moderators


def role_add(peer, remote_group, moderators, person, role="convenor", kind="Add"):
    inner = {
        "id": f"{moderators}#{activity_id(peer).rsplit('/', 1)[-1]}",
        "type": kind,
        "actor": remote_group.uri,
        "object": person,
        "target": moderators,
    }
    if kind == "Add":
        inner["rencontres:role"] = role
    return inner


def bobs_actor(world):
    return Actor.objects.get(kind="collaboration.person", object_key=str(world.bob.pk)).uri


def test_joining_learns_the_groups_moderators(moderated, joined, world):
    """On joining, the copy reads the group's moderators: its members list shows them."""
    carla = Membership.objects.get(group=joined, user__username__startswith="carla@")
    assert carla.role == Membership.Role.MODERATOR and carla.is_active


def test_an_announced_role_is_shown_and_lets_them_moderate_through_the_group(
    moderated, joined, world, peer, remote_group, deliver, committed, client
):
    """One of ours made convenor on the group's site is shown as convenor here and offered
    the delete action; deleting someone's message sends the Delete to the group's site. The
    copy gives nobody the right to manage its members here."""
    carla = f"{peer.url}/users/carla"
    deliver(
        announce(peer, remote_group, 1, create_note(peer, remote_group, carla, 1, "Hi")),
        remote_group,
    )
    message = Message.objects.get(group=joined)
    assert not permissions.can_delete_message(world.bob, message)
    response = deliver(
        announce(peer, remote_group, 2, role_add(peer, remote_group, moderated, bobs_actor(world))),
        remote_group,
    )
    assert response.json()["status"] == "moderator added"
    membership = Membership.objects.get(group=joined, user=world.bob)
    assert membership.role == Membership.Role.CONVENOR
    assert not permissions.can_manage_members(world.bob, joined)
    client.force_login(world.bob)
    with translation.override("en"):
        page = client.get(reverse("collaboration:detail", args=[joined.slug]))
    assert 'data-can-moderate="true"' in page.content.decode()
    committed(services.delete_message, world.bob, message.pk)
    deletes = sent(peer, "Delete")
    assert len(deletes) == 1
    assert deletes[0]["actor"] == bobs_actor(world)
    assert deletes[0]["object"]["id"] == f"{peer.url}/ap/messages/1"
    remove = role_add(peer, remote_group, moderated, bobs_actor(world), kind="Remove")
    deliver(announce(peer, remote_group, 3, remove), remote_group)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_an_add_not_sent_by_the_group_is_refused(
    moderated, joined, world, peer, remote_group, deliver
):
    """A member of the group's site sending the Add itself (not the group) is refused: 403,
    and the role here is unchanged."""
    mallory = peer.add_actor("mallory", key=3)
    spoof = {
        "@context": "https://www.w3.org/ns/activitystreams",
        **role_add(peer, remote_group, moderated, mallory.uri),
        "id": activity_id(peer),
        "actor": mallory.uri,
    }
    response = deliver(spoof, mallory)
    assert response.status_code == 403
    assert not Membership.objects.filter(group=joined, user__username__startswith="mallory@")


def test_an_add_for_another_collection_is_ignored(
    moderated, joined, world, peer, remote_group, deliver
):
    """An Add whose target is not the group's moderators changes no role."""
    inner = role_add(peer, remote_group, moderated, bobs_actor(world))
    inner["target"] = f"{peer.url}/ap/wg/culture_lab/featured"
    response = deliver(announce(peer, remote_group, 1, inner), remote_group)
    assert response.json()["status"] == "ignored: not the group's moderators"
    assert Membership.objects.get(group=joined, user=world.bob).role == Membership.Role.MEMBER
