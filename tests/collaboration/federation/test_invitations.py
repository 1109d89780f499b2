"""Invitations across sites: a convenor here invites `@person@other.site` (an `Invite` from the
group's actor), the person answers from their site (`Accept` or `Reject` of it), a withdrawn
invitation is taken back (`Undo`); and, the other way round, an invitation from a group of
another site shown to one of our people, who accepts or declines it here."""

import json

import pytest

from collaboration import services
from collaboration.federation.actors import person_actor
from collaboration.federation.inviting import InviteError, invite_remote_person
from collaboration.federation.models import RemoteGroup
from collaboration.models import Membership
from federation.models import DomainBlock, Follow, OutboxActivity
from tests.collaboration.federation.conftest import activity_id, sent
from tests.collaboration.federation.test_remote_groups import serve_webfinger
from tests.federation.conftest import SITE, RemoteActorKeys, keypair

pytestmark = pytest.mark.django_db
AS = "https://www.w3.org/ns/activitystreams"
BOARD = f"{SITE}/ap/actors/board"
MEMBERS = "/en/groups/board/members/"
INVITE_URL = "/en/groups/elsewhere/invite/board/"


def person_handle(peer, name="cid"):
    return f"@{name}@127.0.0.1:{peer.port}"


@pytest.fixture
def cid(peer):
    """Cid, a person of the peer site that WebFinger finds."""
    keys = peer.add_actor("cid")
    serve_webfinger(peer, f"acct:cid@127.0.0.1:{peer.port}", keys.uri)
    return keys


@pytest.fixture
def invited(world, peer, cid, committed):
    """Alice (convenor) invited Cid to the Board, a group joined by invitation only."""
    membership = committed(invite_remote_person, world.alice, world.private, person_handle(peer))
    assert membership.state == Membership.State.INVITED
    return membership


def the_invite(peer):
    invites = sent(peer, "Invite")
    assert len(invites) == 1
    return invites[0]


def answer(peer, person, kind, invite, **fields):
    obj = {k: invite[k] for k in ("id", "type", "actor", "object", "target")}
    return {
        "@context": AS,
        "id": activity_id(peer),
        "type": kind,
        "actor": person.uri,
        "object": obj,
        "to": [BOARD],
        **fields,
    }


# -- on the group's site ----------------------------------------------------------------------


def test_inviting_a_person_of_another_site_sends_an_invite(peer, world, cid, invited):
    """The convenor's invitation makes Cid an invited member here and sends the group's Invite
    (actor and object the group, target Cid, addressed to Cid only) to Cid's inbox."""
    invite = the_invite(peer)
    assert invite["actor"] == BOARD and invite["object"] == BOARD
    assert invite["target"] == cid.uri and invite["to"] == [cid.uri]
    assert AS + "#Public" not in json.dumps(invite)
    assert [p.path for p in peer.posts()] == ["/users/cid/inbox"]
    assert invited.user.username.startswith("cid@")
    assert not OutboxActivity.objects.get(activity_type="Invite").public


def test_accepting_the_invitation_makes_a_member_who_hears_the_group(
    peer, world, cid, invited, deliver, committed
):
    """Cid's Accept of the Invite makes Cid an active member (the group answers with its Accept,
    as for a join), and the group's messages then reach Cid's site."""
    invite = the_invite(peer)
    accept = answer(peer, cid, "Accept", invite)
    response = deliver(accept, cid)
    assert response.json()["status"] == "joined the group (invitation accepted)", response.content
    invited.refresh_from_db()
    assert invited.is_active
    follow = Follow.objects.get(direction=Follow.INCOMING, remote_actor__uri=cid.uri)
    assert follow.state == Follow.ACCEPTED
    confirmations = sent(peer, "Accept")
    assert len(confirmations) == 1 and confirmations[0]["object"]["id"] == accept["id"]
    committed(services.post_message, world.alice, world.private, "Agenda", "Welcome, Cid")
    announces = [a for a in sent(peer, "Announce") if "seq" in a]
    assert announces and announces[-1]["object"]["object"]["source"]["content"] == "Welcome, Cid"


def test_a_follow_after_an_invitation_is_accepted(peer, world, cid, invited, deliver):
    """An invited person may simply join (Follow) instead of answering the Invite."""
    follow = {"@context": AS, "id": activity_id(peer), "type": "Follow", "actor": cid.uri}
    follow["object"] = BOARD
    response = deliver(follow, cid)
    assert response.json()["status"] == "joined the group"
    invited.refresh_from_db()
    assert invited.is_active
    assert len(sent(peer, "Accept")) == 1


def test_declining_the_invitation_removes_it(peer, world, cid, invited, deliver):
    """Cid's Reject of the Invite removes the invitation here; nothing is sent back."""
    response = deliver(answer(peer, cid, "Reject", the_invite(peer)), cid)
    assert response.json()["status"] == "invitation declined"
    assert not Membership.objects.filter(pk=invited.pk).exists()
    assert not Follow.objects.filter(remote_actor__uri=cid.uri).exists()
    assert len(peer.posts()) == 1  # the Invite only


def test_withdrawing_the_invitation_tells_the_other_site(peer, world, cid, invited, committed):
    """A convenor removing the invited row sends Undo of the Invite to Cid's site."""
    committed(services.remove_member, world.alice, world.private, invited.user)
    undos = sent(peer, "Undo")
    assert len(undos) == 1
    assert undos[0]["object"]["id"] == the_invite(peer)["id"]
    assert undos[0]["object"]["type"] == "Invite" and undos[0]["actor"] == BOARD
    assert not sent(peer, "Reject")
    assert not Follow.objects.filter(remote_actor__uri=cid.uri).exists()


def test_blocking_an_invited_person_withdraws_the_invitation(
    peer, world, cid, invited, committed, deliver
):
    """Blocking an invited person takes the invitation back; their late Accept is refused and
    their site told (Reject), so it does not count them in."""
    committed(services.block_member, world.alice, world.private, invited.user)
    assert len(sent(peer, "Undo")) == 1
    response = deliver(answer(peer, cid, "Accept", the_invite(peer)), cid)
    assert response.json()["status"] == "refused: blocked from this group"
    assert sent(peer, "Reject")[0]["object"]["actor"] == cid.uri
    assert Membership.objects.get(pk=invited.pk).state == Membership.State.BLOCKED


def test_an_accept_after_the_invitation_was_withdrawn_is_refused(
    peer, world, cid, invited, committed, deliver
):
    """Cid answering after the convenor withdrew the invitation stays out, and Cid's site is
    told with a Reject."""
    committed(services.remove_member, world.alice, world.private, invited.user)
    accept = answer(peer, cid, "Accept", the_invite(peer))
    response = deliver(accept, cid)
    assert response.json()["status"] == "refused: invitation withdrawn"
    rejects = sent(peer, "Reject")
    assert len(rejects) == 1 and rejects[0]["object"]["id"] == accept["id"]
    assert not Membership.objects.filter(group=world.private, user=invited.user).exists()


def test_only_the_invited_person_can_answer(peer, world, cid, invited, deliver):
    """Someone else of the same site accepting Cid's invitation is refused (403), and a
    forged Accept in Cid's name signed by them is refused before any handler."""
    dan = peer.add_actor("dan", key=1)
    invite = the_invite(peer)
    response = deliver(answer(peer, dan, "Accept", invite), dan)
    assert response.status_code == 403
    assert "only the person invited" in response.json()["error"]
    forged = deliver(answer(peer, cid, "Accept", invite), dan)
    assert forged.status_code in (401, 403)
    invited.refresh_from_db()
    assert invited.state == Membership.State.INVITED
    assert not sent(peer, "Accept")


def test_a_replayed_accept_is_applied_once(peer, world, cid, invited, deliver):
    """The same Accept delivered twice lets Cid in once and is answered once."""
    accept = answer(peer, cid, "Accept", the_invite(peer))
    assert deliver(accept, cid).status_code == 202
    again = deliver(accept, cid)
    assert again.status_code in (202, 401)
    assert len(sent(peer, "Accept")) == 1
    assert Membership.objects.filter(user=invited.user).count() == 1


@pytest.mark.parametrize(
    "obj",
    [
        12,
        ["a", "b"],
        {"type": "Invite", "id": f"{SITE}/ap/activities/not-a-uuid"},
        {"type": "Invite", "id": f"{SITE}/ap/activities/00000000-0000-4000-8000-000000000000"},
    ],
)
def test_a_malformed_or_unknown_answer_is_ignored(peer, world, cid, invited, deliver, obj):
    """An Accept naming no invitation of ours (garbage, an unknown id) is answered, not a 500,
    and lets nobody in."""
    accept = {"@context": AS, "id": activity_id(peer), "type": "Accept", "actor": cid.uri}
    accept["object"] = obj
    response = deliver(accept, cid)
    assert response.status_code == 202, response.content
    invited.refresh_from_db()
    assert invited.state == Membership.State.INVITED


def test_an_invitation_to_someone_who_asked_lets_them_in(peer, world, cid, deliver, committed):
    """In a group on approval, inviting a person of another site who asked to join says yes:
    their Follow is accepted, no Invite is sent."""
    follow = {"@context": AS, "id": activity_id(peer), "type": "Follow", "actor": cid.uri}
    follow["object"] = f"{SITE}/ap/actors/open_forum"
    deliver(follow, cid)
    membership = committed(invite_remote_person, world.alice, world.public, person_handle(peer))
    assert membership.is_active
    assert not sent(peer, "Invite") and len(sent(peer, "Accept")) == 1


# -- the convenor's form ----------------------------------------------------------------------


def test_the_members_page_offers_the_invitation_to_another_site(client, world):
    """The convenor's members page has the "Invite someone of another site" field; a member
    who is not a convenor cannot post to it."""
    client.force_login(world.alice)
    page = client.get(MEMBERS).content.decode()
    assert "Invite someone of another site" in page and f'action="{INVITE_URL}"' in page
    client.force_login(world.bob)
    assert client.post(INVITE_URL, {"handle": "@x@example.org"}).status_code == 404


@pytest.mark.parametrize(
    "handle, message",
    [
        ("nonsense", "Enter the person&#x27;s address"),
        ("@nobody@127.0.0.1:1", "could not be found"),
        ("@board@testserver", "This person is on this site"),
        ("@lab@HOST", "not a person"),
        ("@cid@blocked.example", "blocked here"),
    ],
)
def test_the_invitation_form_says_what_went_wrong(client, world, peer, cid, handle, message):
    """A handle that is malformed, unknown, local, not a person or on a blocked server is
    refused with a message on the members page, and nobody is invited."""
    DomainBlock.objects.create(domain="blocked.example")
    if "lab" in handle:
        peer.documents["/users/cid"]["type"] = "Group"
    client.force_login(world.alice)
    response = client.post(
        INVITE_URL, {"handle": handle.replace("HOST", f"127.0.0.1:{peer.port}")}, follow=True
    )
    assert message in response.content.decode()
    assert not Membership.objects.filter(state=Membership.State.INVITED).exists()
    assert not sent(peer, "Invite")


def test_the_invitation_form_sends_the_invite(client, world, peer, cid):
    """A good handle: the members page says the invitation went, and lists Cid as invited."""
    client.force_login(world.alice)
    with_commit = client.post(INVITE_URL, {"handle": person_handle(peer)}, follow=True)
    page = with_commit.content.decode()
    assert "Invitation sent to" in page and "cid@127.0.0.1" in page
    assert Membership.objects.get(user__username__startswith="cid@").state == "invited"
    with pytest.raises(InviteError, match="already invited"):
        invite_remote_person(world.alice, world.private, person_handle(peer))


# -- on the person's site ---------------------------------------------------------------------


@pytest.fixture
def group_a(peer):
    """The peer hosts a working group "lab" (its Group actor, with its own key)."""
    private, public = keypair(2)
    uri = f"{peer.url}/ap/actors/lab"
    peer.documents["/ap/actors/lab"] = {
        "@context": [AS, "https://w3id.org/security/v1"],
        "id": uri,
        "type": "Group",
        "preferredUsername": "lab",
        "name": "Culture lab",
        "inbox": f"{uri}/inbox",
        "followers": f"{uri}/followers",
        "endpoints": {"sharedInbox": f"{peer.url}/ap/inbox"},
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": public},
        "discoverable": False,
        "activityLog": f"{peer.url}/ap/wg/lab/log",
    }
    peer.documents["/ap/wg/lab/log"] = {
        "id": f"{peer.url}/ap/wg/lab/log",
        "type": "OrderedCollectionPage",
        "totalItems": 0,
        "orderedItems": [],
    }
    return RemoteActorKeys(uri=uri, key_id=f"{uri}#main-key", private_pem=private, server=peer)


def invite_for(peer, group, target, **fields):
    return {
        "@context": AS,
        "id": activity_id(peer),
        "type": "Invite",
        "actor": group.uri,
        "object": group.uri,
        "target": target,
        "to": [target],
        **fields,
    }


@pytest.fixture
def bob_invited(world, peer, group_a, deliver):
    """The lab of the peer site invited Bob; returns the Invite."""
    bob = person_actor(world.bob)
    invite = invite_for(peer, group_a, bob.uri)
    response = deliver(invite, group_a)
    assert response.json()["status"] == "invitation received", response.content
    return invite


def bobs_copy():
    return RemoteGroup.objects.select_related("group").get().group


def test_an_invitation_from_another_site_is_shown_with_accept_and_decline(
    client, world, bob_invited
):
    """Bob finds the invitation among the working groups, with Accept and Decline; the
    private group itself stays closed to him until he accepts."""
    group = bobs_copy()
    assert group.origin.startswith("127.0.0.1:") and group.is_private
    assert Membership.objects.get(group=group, user=world.bob).state == Membership.State.INVITED
    client.force_login(world.bob)
    page = client.get("/en/groups/").content.decode()
    assert "You are invited to “Culture lab” on 127.0.0.1:" in page
    assert f'action="/en/groups/{group.slug}/join/"' in page
    assert f'action="/en/groups/{group.slug}/leave/"' in page
    assert client.get(f"/en/groups/{group.slug}/").status_code == 404


def test_accepting_sends_accept_of_the_invite_and_the_group_confirms(
    client, world, peer, group_a, bob_invited, deliver, django_capture_on_commit_callbacks
):
    """Accept sends Accept{Invite} from Bob's actor to the group's inbox; the group's Accept
    of it confirms the membership; leaving later sends Undo as for a join."""
    group = bobs_copy()
    client.force_login(world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/groups/{group.slug}/join/")
    accepts = sent(peer, "Accept")
    assert len(accepts) == 1
    assert accepts[0]["object"]["id"] == bob_invited["id"]
    assert accepts[0]["object"]["type"] == "Invite"
    assert accepts[0]["actor"] == person_actor(world.bob).uri
    assert peer.posts()[0].path == "/ap/actors/lab/inbox"
    assert Membership.objects.get(group=group, user=world.bob).is_active
    follow = Follow.objects.get(direction=Follow.OUTGOING, remote_actor__uri=group_a.uri)
    assert follow.state == Follow.PENDING and follow.activity_id == accepts[0]["id"]
    confirm = {
        "@context": AS,
        "id": activity_id(peer),
        "type": "Accept",
        "actor": group_a.uri,
        "object": {
            "id": accepts[0]["id"],
            "type": "Follow",
            "actor": accepts[0]["actor"],
            "object": group_a.uri,
        },
    }
    assert deliver(confirm, group_a).json()["status"] == "joined the group"
    follow.refresh_from_db()
    assert follow.state == Follow.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/groups/{group.slug}/leave/")
    undos = sent(peer, "Undo")
    assert len(undos) == 1 and undos[0]["object"]["object"] == group_a.uri
    assert not sent(peer, "Reject")


def test_declining_sends_reject_of_the_invite(
    client, world, peer, bob_invited, django_capture_on_commit_callbacks
):
    """Decline sends Reject{Invite} to the group and removes the invitation here."""
    group = bobs_copy()
    client.force_login(world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/groups/{group.slug}/leave/", follow=True)
    assert "Invitation declined." in response.content.decode()
    rejects = sent(peer, "Reject")
    assert len(rejects) == 1 and rejects[0]["object"]["id"] == bob_invited["id"]
    assert not Membership.objects.filter(group=group, user=world.bob).exists()
    assert "You are invited" not in response.content.decode()


@pytest.mark.parametrize("kind", ["Undo", "Reject"])
def test_a_withdrawn_invitation_disappears(
    client, world, peer, group_a, bob_invited, deliver, kind
):
    """The group taking back its invitation (Undo of the Invite, or a Reject of it) removes it
    from Bob's list; nothing is sent back."""
    withdraw = {
        "@context": AS,
        "id": activity_id(peer),
        "type": kind,
        "actor": group_a.uri,
        "object": {k: bob_invited[k] for k in ("id", "type", "actor", "object", "target")},
    }
    assert deliver(withdraw, group_a).json()["status"] == "invitation withdrawn"
    assert not Membership.objects.filter(group=bobs_copy(), user=world.bob).exists()
    client.force_login(world.bob)
    assert "You are invited" not in client.get("/en/groups/").content.decode()
    assert not peer.posts()


def test_only_the_group_withdraws_its_invitation(world, peer, group_a, bob_invited, deliver):
    """Someone else of the group's server cannot withdraw the group's invitation."""
    eve = peer.add_actor("eve", key=1)
    undo = {
        "@context": AS,
        "id": activity_id(peer),
        "type": "Undo",
        "actor": eve.uri,
        "object": {"id": bob_invited["id"], "type": "Invite"},
    }
    assert deliver(undo, eve).status_code == 403
    assert Membership.objects.filter(user=world.bob, group=bobs_copy(), state="invited").exists()


@pytest.mark.parametrize(
    "target, status",
    [
        (f"{SITE}/ap/actors/nobody", 400),
        (f"{SITE}/ap/actors/board", 400),
        ("https://elsewhere.example/users/x", 400),
        (None, 400),
        ([{"nested": True}], 400),
        (42, 400),
    ],
)
def test_an_invitation_for_someone_not_here_is_refused(
    world, peer, group_a, deliver, target, status
):
    """An Invite whose target is not one of our people (unknown, a group, another site's, or
    malformed) is refused with a reason, and no copy of the group is made."""
    response = deliver(invite_for(peer, group_a, target), group_a)
    assert response.status_code == status, response.content
    assert "error" in response.json()
    assert not RemoteGroup.objects.exists()


def test_an_invitation_from_someone_else_is_refused(world, peer, group_a, deliver):
    """An Invite to a group signed by a person (the group unknown here), an Invite to a Person
    rather than a group, and an Invite whose actor is not its signer are all refused."""
    bob = person_actor(world.bob)
    eve = peer.add_actor("eve", key=1)
    by_eve = invite_for(peer, group_a, bob.uri, actor=eve.uri)
    assert deliver(by_eve, eve).status_code == 403
    to_a_person = invite_for(peer, group_a, bob.uri, actor=eve.uri, object=eve.uri)
    assert deliver(to_a_person, eve).status_code == 400
    forged = invite_for(peer, group_a, bob.uri)
    assert deliver(forged, eve).status_code in (401, 403)
    assert not Membership.objects.filter(user=world.bob, group__origin__gt="").exists()


def test_a_replayed_invitation_is_taken_once(world, peer, group_a, bob_invited, deliver):
    """The same Invite delivered again changes nothing."""
    again = deliver(bob_invited, group_a)
    assert again.status_code in (202, 401)
    assert Membership.objects.filter(user=world.bob, group=bobs_copy()).count() == 1
    assert RemoteGroup.objects.count() == 1


def test_a_member_makes_their_address_reachable_to_be_invited(client, world):
    """On "What other sites see of you", Carol (never seen elsewhere) is offered to make her
    address reachable; once she does, WebFinger finds her, so a convenor elsewhere can invite
    her."""
    client.force_login(world.carol)
    page = client.get("/en/groups/elsewhere/profile/").content.decode()
    assert "Make my address reachable" in page
    finger = "/.well-known/webfinger?resource=acct:carol@testserver"
    assert client.get(finger).status_code == 404
    client.post("/en/groups/elsewhere/profile/", {"action": "reachable"})
    assert client.get(finger).status_code == 200
    page = client.get("/en/groups/elsewhere/profile/").content.decode()
    assert "Make my address reachable" not in page and "@carol@testserver" in page


def test_a_local_invitation_is_listed_and_accepted_without_federation(client, world, peer):
    """A convenor's invitation of someone of this site shows in their working groups list too;
    accepting it lets them in here and sends nothing to other sites."""
    services.invite_to_group(world.alice, world.private, world.carol)
    client.force_login(world.carol)
    page = client.get("/en/groups/").content.decode()
    assert "You are invited to “Board”." in page
    client.post("/en/groups/board/join/")
    assert Membership.objects.get(group=world.private, user=world.carol).is_active
    assert not peer.posts()
