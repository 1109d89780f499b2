"""A group of ours with people of other sites: joining by Follow, writing, editing, deleting and
reacting from there, each through the same verbs and rights as a local member, and every change
announced, numbered, to the member servers."""

import json

import pytest

from collaboration import services
from collaboration.federation.models import GroupActivity, HostedGroup
from collaboration.models import Membership, Message, WorkingGroup
from federation.models import Follow, OutboxActivity
from tests.collaboration.federation.conftest import activity_id, group_fixture, numbered, sent
from tests.federation.conftest import SITE

pytestmark = pytest.mark.django_db
GROUP = f"{SITE}/ap/actors/open_forum"
AP = {"Accept": "application/activity+json"}


def follow(peer, person, group_uri=GROUP):
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Follow",
        "actor": person.uri,
        "object": group_uri,
    }


def note_create(peer, person, content="Hello from the other site", **fields):
    note_id = f"{peer.url}/notes/{activity_id(peer).rsplit('/', 1)[-1]}"
    obj = {
        "id": note_id,
        "type": "Note",
        "attributedTo": person.uri,
        "content": f"<p>{content}</p>",
        "to": [GROUP],
        "audience": GROUP,
        **fields,
    }
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Create",
        "actor": person.uri,
        "object": obj,
    }


@pytest.fixture
def open_group(world):
    WorkingGroup.objects.filter(pk=world.public.pk).update(join_policy="open")
    world.public.refresh_from_db()
    return world.public


@pytest.fixture
def member(peer, open_group, deliver):
    """Alice of the peer site, a member of the open forum (followed, accepted)."""
    alice = peer.add_actor("alice")
    response = deliver(follow(peer, alice), alice)
    assert response.status_code == 202, response.content
    return alice


def test_following_an_open_group_joins_it_and_is_accepted(peer, open_group, member):
    """A Follow of an open group makes the person a member at once, and their site receives
    the group's Accept of that Follow."""
    accepts = sent(peer, "Accept")
    assert len(accepts) == 1
    assert accepts[0]["actor"] == GROUP
    membership = Membership.objects.get(group=open_group, user__username__startswith="alice@")
    assert membership.is_active
    assert Follow.objects.get(
        direction=Follow.INCOMING, local_actor__username="open_forum"
    ).state == (Follow.ACCEPTED)


def test_an_approval_group_waits_for_a_convenor(peer, world, deliver, committed):
    """In a group on approval, the request waits; the convenor's approval sends the Accept."""
    bea = peer.add_actor("bea")
    response = deliver(follow(peer, bea), bea)
    assert response.json()["status"] == "join request waiting for a convenor"
    assert not sent(peer, "Accept")
    person = Membership.objects.get(group=world.public, user__username__startswith="bea@").user
    committed(services.approve_request, world.alice, world.public, person)
    assert len(sent(peer, "Accept")) == 1
    assert Membership.objects.get(group=world.public, user=person).is_active


def test_a_declined_request_is_rejected(peer, world, deliver, committed):
    """A convenor declining a request from another site tells that site (Reject)."""
    bea = peer.add_actor("bea")
    deliver(follow(peer, bea), bea)
    person = Membership.objects.get(group=world.public, user__username__startswith="bea@").user
    committed(services.remove_member, world.alice, world.public, person)
    rejects = sent(peer, "Reject")
    assert len(rejects) == 1 and rejects[0]["object"]["actor"] == bea.uri
    assert not Follow.objects.filter(remote_actor__uri=bea.uri).exists()


def test_an_invitation_only_group_refuses_uninvited_followers(peer, world, deliver):
    """Following a group joined by invitation only, uninvited, is refused with a reason."""
    cid = peer.add_actor("cid")
    response = deliver(follow(peer, cid, f"{SITE}/ap/actors/board"), cid)
    assert "invitation" in response.json()["status"]
    assert len(sent(peer, "Reject")) == 1
    assert not Membership.objects.filter(group=world.private, user__username__startswith="cid@")


def test_undo_follow_leaves_the_group(peer, open_group, member, deliver):
    """Undo of the Follow takes the person out of the group."""
    undo = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Undo",
        "actor": member.uri,
        "object": {"type": "Follow", "actor": member.uri, "object": GROUP},
    }
    assert deliver(undo, member).json()["status"] == "left the group"
    assert not Membership.objects.filter(group=open_group, user__username__startswith="alice@")


def test_a_members_note_is_stored_and_announced_to_member_servers(
    peer, open_group, member, deliver
):
    """A member's Create(Note) becomes a message in the topic its `name` gives, written by
    their account here, and is announced (numbered 1) to the servers of the group's members."""
    response = deliver(note_create(peer, member, "Budgets for 2027", name="Budgets"), member)
    assert response.json()["status"] == "posted in the group"
    message = Message.objects.get(group=open_group)
    assert message.topic.title == "Budgets"
    assert message.body == "Budgets for 2027"
    assert message.origin == f"127.0.0.1:{peer.port}"
    announces = numbered(peer)
    assert len(announces) == 1
    announce = announces[0]
    assert announce["actor"] == GROUP and announce["seq"] == 1
    assert announce["object"]["type"] == "Create"
    assert announce["context"] == f"{SITE}/ap/topics/{message.topic_id}"
    assert "https://www.w3.org/ns/activitystreams#Public" in announce["to"]


def test_the_same_note_twice_is_one_message(peer, open_group, member, deliver):
    """A note resent in a new activity (a retry of theirs) is stored once."""
    create = note_create(peer, member)
    deliver(create, member)
    again = {**create, "id": activity_id(peer)}
    assert deliver(again, member).json()["status"] == "already posted"
    assert Message.objects.filter(group=open_group).count() == 1


def test_a_replayed_activity_is_processed_once(peer, open_group, member, deliver):
    """The very same signed activity posted twice does nothing the second time."""
    create = note_create(peer, member)
    deliver(create, member)
    second = deliver(create, member)
    assert second.status_code in (202, 401)
    assert Message.objects.filter(group=open_group).count() == 1


def test_a_note_cannot_take_another_members_object_id(peer, open_group, member, deliver):
    """Another account of the same server posting under the id of Alice's note is refused (the
    id names one message), and Alice's message is unchanged."""
    create = note_create(peer, member, "Mine")
    deliver(create, member)
    bea = peer.add_actor("bea")
    deliver(follow(peer, bea), bea)
    copy = note_create(peer, bea, "Not yours")
    copy["object"]["id"] = create["object"]["id"]
    response = deliver(copy, bea)
    assert response.status_code == 403
    assert list(Message.objects.values_list("body", flat=True)) == ["Mine"]


def test_a_non_member_cannot_post(peer, open_group, deliver):
    """Someone who has not joined is refused with a reason, and nothing is stored."""
    zed = peer.add_actor("zed")
    response = deliver(note_create(peer, zed), zed)
    assert response.status_code == 403
    assert "members" in response.json()["error"]
    assert not Message.objects.filter(group=open_group).exists()


def test_a_note_attributed_to_someone_else_is_refused(peer, open_group, member, deliver):
    """A member cannot post words under another person's name."""
    create = note_create(peer, member)
    create["object"]["attributedTo"] = f"{peer.url}/users/somebody-else"
    response = deliver(create, member)
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_a_blocked_server_cannot_post(peer, open_group, member, deliver):
    """Once the server is blocked, its members' posts are refused."""
    from federation.models import DomainBlock

    DomainBlock.objects.create(domain="127.0.0.1")
    response = deliver(note_create(peer, member), member)
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_a_reply_from_mastodon_lands_in_the_topic_it_answers(
    peer, open_group, member, deliver, committed
):
    """Mastodon sends no audience: a reply to one of the group's messages goes to its topic."""
    original, _ = committed(
        services.post_message,
        open_group.discussion.memberships.first().user,
        open_group,
        "Agenda",
        "First point",
    )
    reply = group_fixture(
        "mastodon-create-note-reply.json",
        {},
    )
    reply["id"] = activity_id(peer)
    reply["actor"] = member.uri
    obj = reply["object"]
    obj["id"] = f"{peer.url}/statuses/1"
    obj["attributedTo"] = member.uri
    obj["inReplyTo"] = f"{SITE}/ap/messages/{original.pk}"
    obj["to"] = [f"{SITE}/ap/actors/alice"]
    obj.pop("cc", None)
    obj.pop("audience", None)
    response = deliver(reply, member)
    assert response.json()["status"] == "posted in the group", response.content
    stored = Message.objects.exclude(pk=original.pk).get()
    assert stored.topic_id == original.topic_id


def test_lemmy_comment_with_markdown_source_keeps_the_markdown(peer, open_group, member, deliver):
    """Lemmy's Note carries its Markdown `source`: it is what is stored and rendered."""
    create = group_fixture("lemmy-create-note.json", {})
    create["id"] = activity_id(peer)
    create["actor"] = member.uri
    create["object"].update(
        {
            "id": f"{peer.url}/comment/1",
            "attributedTo": member.uri,
            "audience": GROUP,
            "inReplyTo": None,
            "source": {"content": "**hello** group", "mediaType": "text/markdown"},
        }
    )
    response = deliver(create, member)
    assert response.status_code == 202, response.content
    message = Message.objects.get(group=open_group)
    assert message.body == "**hello** group"
    assert "<strong>hello</strong>" in message.html


def test_edit_delete_and_react_from_the_other_site(peer, open_group, member, deliver):
    """Update edits the message, Like adds the emoji reaction, Undo takes it back, Delete leaves
    a placeholder; each is announced to the member servers with the next number."""
    create = note_create(peer, member, "Draft")
    deliver(create, member)
    obj = create["object"]
    update = {
        **create,
        "id": activity_id(peer),
        "type": "Update",
        "object": {**obj, "content": "<p>Final</p>"},
    }
    assert deliver(update, member).json()["status"] == "message edited"
    message = Message.objects.get(group=open_group)
    assert message.body == "Final"
    like = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Like",
        "actor": member.uri,
        "object": obj["id"],
        "content": "🎉",
    }
    assert deliver(like, member).json()["status"] == "reaction added"
    assert list(message.reactions.values_list("emoji", flat=True)) == ["🎉"]
    undo = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Undo",
        "actor": member.uri,
        "object": like,
    }
    assert deliver(undo, member).json()["status"] == "reaction removed"
    assert not message.reactions.exists()
    delete = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Delete",
        "actor": member.uri,
        "object": {"id": obj["id"], "type": "Tombstone"},
    }
    assert deliver(delete, member).json()["status"] == "message deleted"
    message.refresh_from_db()
    assert message.is_deleted
    assert services.serialize_message(message)["body"] == ""
    seqs = [a["seq"] for a in numbered(peer)]
    assert seqs == [1, 2, 3, 4, 5]
    kinds = [a["object"]["type"] for a in numbered(peer)]
    assert kinds == ["Create", "Update", "Like", "Undo", "Delete"]


def test_a_member_cannot_delete_someone_elses_message(
    peer, open_group, member, deliver, committed, world
):
    """Deleting another person's message from another site is refused (only moderators may)."""
    message, _ = committed(services.post_message, world.alice, open_group, "Agenda", "Mine")
    delete = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": activity_id(peer),
        "type": "Delete",
        "actor": member.uri,
        "object": f"{SITE}/ap/messages/{message.pk}",
    }
    response = deliver(delete, member)
    assert response.status_code == 403
    message.refresh_from_db()
    assert not message.is_deleted


def test_a_local_message_is_announced_with_its_thread(peer, open_group, member, committed, world):
    """A message written here is announced as a Create(Note) with audience, context and, after
    the first, inReplyTo the topic's first message (what Lemmy threads by)."""
    first, _ = committed(services.post_message, world.alice, open_group, "Agenda", "One")
    second, _ = committed(services.post_message, world.alice, open_group, "Agenda", "Two")
    announces = numbered(peer)
    notes = [a["object"]["object"] for a in announces]
    assert notes[0]["id"] == f"{SITE}/ap/messages/{first.pk}"
    assert "inReplyTo" not in notes[0]
    assert notes[1]["inReplyTo"] == notes[0]["id"]
    for note in notes:
        assert note["audience"] == GROUP
        assert note["context"] == f"{SITE}/ap/topics/{first.topic_id}"
        assert note["source"]["mediaType"] == "text/markdown"
        assert note["attributedTo"].startswith(f"{SITE}/ap/actors/")


def test_a_private_group_leaks_nothing_publicly(peer, world, deliver, committed, client):
    """In a private group the Announces are not public, and its outbox, followers, log, topics
    and messages answer 404 to an unsigned request."""
    WorkingGroup.objects.filter(pk=world.private.pk).update(join_policy="open")
    ann = peer.add_actor("ann")
    deliver(follow(peer, ann, f"{SITE}/ap/actors/board"), ann)
    message, _ = committed(services.post_message, world.alice, world.private, "Secret", "Budget")
    announce = sent(peer, "Announce")[0]
    assert "https://www.w3.org/ns/activitystreams#Public" not in json.dumps(announce)
    hosted = HostedGroup.objects.get(group=world.private)
    assert not OutboxActivity.objects.filter(actor=hosted.actor, public=True).exists()
    for url in (
        "/ap/actors/board/outbox?page=1",
        "/ap/actors/board/followers",
        "/ap/wg/board/log",
        "/ap/wg/board/log?after=0",
        f"/ap/topics/{message.topic_id}",
        f"/ap/messages/{message.pk}",
    ):
        assert client.get(url, headers=AP).status_code == 404, url


def test_a_private_groups_log_answers_signed_fetches_of_member_servers(
    peer, world, deliver, committed, client
):
    """A member server reading the log with a signed GET gets it; another server does not."""
    from federation.signatures import sign_cavage
    from tests.federation.conftest import start_remote_server

    WorkingGroup.objects.filter(pk=world.private.pk).update(join_policy="open")
    ann = peer.add_actor("ann")
    deliver(follow(peer, ann, f"{SITE}/ap/actors/board"), ann)
    committed(services.post_message, world.alice, world.private, "Secret", "Budget")

    def signed_get(keys, path):
        headers = sign_cavage(
            "GET", SITE + path, key_id=keys.key_id, private_key_pem=keys.private_pem
        )
        headers["Accept"] = "application/activity+json"
        return client.get(path, headers=headers)

    page = signed_get(ann, "/ap/wg/board/log?after=0")
    assert page.status_code == 200
    assert signed_get(ann, "/ap/actors/board/followers").json()["totalItems"] == 1
    assert [item["seq"] for item in page.json()["orderedItems"]] == [1]
    other, httpd = start_remote_server("localhost")
    try:
        stranger = other.add_actor("stranger", key=1)
        assert signed_get(stranger, "/ap/wg/board/log?after=0").status_code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_log_pages_in_order(peer, open_group, member, committed, world, client):
    """The group's log lists its announced activities by number, from `after` on."""
    for n in range(3):
        committed(services.post_message, world.alice, open_group, "Agenda", f"Point {n}")
    assert GroupActivity.objects.count() == 3
    root = client.get("/ap/wg/open_forum/log", headers=AP).json()
    assert root["totalItems"] == 3
    page = client.get("/ap/wg/open_forum/log?after=1", headers=AP).json()
    assert [i["seq"] for i in page["orderedItems"]] == [2, 3]
    assert client.get("/ap/wg/open_forum/log?after=x", headers=AP).status_code == 400


def test_topic_context_lists_its_messages_in_order(
    peer, open_group, member, committed, world, client
):
    """A topic is an ordered `context` collection (FEP-7888) named by its title."""
    first, _ = committed(services.post_message, world.alice, open_group, "Agenda", "One")
    committed(services.post_message, world.alice, open_group, "Agenda", "Two")
    root = client.get(f"/ap/topics/{first.topic_id}", headers=AP).json()
    assert root["name"] == "Agenda" and root["totalItems"] == 2
    page = client.get(f"/ap/topics/{first.topic_id}?page=1", headers=AP).json()
    assert page["orderedItems"][0] == f"{SITE}/ap/messages/{first.pk}"
    assert client.get(f"/ap/messages/{first.pk}", headers=AP).json()["content"] == first.html


def test_a_blocked_member_of_another_site_is_told_and_kept_out(
    peer, open_group, member, deliver, committed, world
):
    """A convenor blocks Alice of the other site: her site receives a Reject, her next note is
    refused, and following the group again is refused with the reason, until she is unblocked."""
    person = Membership.objects.get(group=open_group, user__username__startswith="alice@").user
    committed(services.block_member, world.alice, open_group, person)
    rejects = sent(peer, "Reject")
    assert len(rejects) == 1 and rejects[0]["object"]["actor"] == member.uri

    response = deliver(note_create(peer, member), member)
    assert response.status_code == 403
    assert not Message.objects.filter(group=open_group).exists()

    response = deliver(follow(peer, member), member)
    assert response.json()["status"] == "refused: blocked from this group"
    assert len(sent(peer, "Reject")) == 2
    assert Membership.objects.get(group=open_group, user=person).state == "blocked"

    committed(services.remove_member, world.alice, open_group, person)
    response = deliver(follow(peer, member), member)
    assert response.json()["status"] == "joined the group"
