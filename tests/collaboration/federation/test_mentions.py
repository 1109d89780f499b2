"""Mentions across sites: a message written here names people of other sites with `Mention` tags
(and has them in `cc`), and a note from another site whose tags name one of our people mentions
them here, as a local mention does (mentions page, counts, digest), once per message."""

import copy
import json

import pytest

from collaboration import services
from collaboration.federation.actors import person_actor
from collaboration.federation.mentions import MAX_TAGS
from collaboration.models import Mention, Message
from tests.collaboration.federation import test_hosting, test_remote_groups
from tests.collaboration.federation.conftest import GROUPS, activity_id, numbered, sent
from tests.collaboration.federation.test_hosting import GROUP, note_create
from tests.collaboration.federation.test_peer_payloads import load_bare_follow
from tests.collaboration.federation.test_remote_groups import announce, create_note
from tests.federation.conftest import SITE, replace_all

pytestmark = pytest.mark.django_db

# The neighbours' fixtures: an open group of ours with Alice of the peer site in it, and the
# peer's group "culture-lab" that Bob joined.
open_group = test_hosting.open_group
member = test_hosting.member
remote_group = test_remote_groups.remote_group
joined = test_remote_groups.joined


def mention(href, name="@someone"):
    return {"type": "Mention", "href": href, "name": name}


@pytest.fixture
def notified(monkeypatch):
    """The mention notifications sent to people's pages (user id, message id)."""
    calls = []
    real = services.messages.notify_user

    def record(user_id, event):
        if event.get("type") == "chat.mention":
            calls.append((user_id, event["message_id"]))
        return real(user_id, event)

    monkeypatch.setattr(services.messages, "notify_user", record)
    return calls


def test_a_mention_of_a_person_of_the_peer_site_carries_a_tag_and_cc(
    peer, open_group, member, committed, world
):
    """Bob names Alice of the other site (@alice@host, her account here) and Dave of ours: the
    Announce of his note tags both by their actors, has them in `cc`, and shows Alice's chip."""
    host = f"127.0.0.1:{peer.port}"
    message, _ = committed(
        services.post_message, world.bob, open_group, "Agenda", f"Over to @alice@{host} and @dave."
    )
    assert f'data-user="alice@{host}"' in message.html
    inner = numbered(peer)[-1]["object"]
    note = inner["object"]
    dave = person_actor(world.dave).uri
    assert note["tag"] == [
        {"type": "Mention", "href": member.uri, "name": f"@alice@{host}"},
        {
            "type": "Mention",
            "href": dave,
            "name": f"@{person_actor(world.dave).username}@testserver",
        },
    ]
    assert member.uri in note["cc"] and dave in note["cc"]
    assert member.uri in inner["cc"] and dave in inner["cc"]


def test_a_mention_in_a_group_of_the_peer_site_goes_with_the_create(
    joined, world, peer, remote_group, committed, deliver
):
    """In the peer's group, Bob's note naming @carla@host (a participant there) is sent to the
    group with her Mention tag and her actor in `cc`."""
    carla = f"{peer.url}/users/carla"
    deliver(
        announce(peer, remote_group, 1, create_note(peer, remote_group, carla, 1, "Hi")),
        remote_group,
    )
    committed(
        services.post_message,
        world.bob,
        joined,
        "Festival season",
        f"Thanks @carla@127.0.0.1:{peer.port}!",
    )
    note = sent(peer, "Create")[-1]["object"]
    assert note["tag"] == [mention(carla, f"@carla@127.0.0.1:{peer.port}")]
    assert carla in note["cc"]


def test_a_note_from_the_peer_mentioning_our_member_notifies_them(
    peer, open_group, member, deliver, world, client, notified
):
    """Alice of the other site tags Bob: Bob has a mention (the mentions page shows it, the
    header counts it) and his open pages are told; Carol, tagged but not in the group, is not;
    a bare @dave written on the other site is one of its people, not our Dave."""
    bob, carol = person_actor(world.bob), person_actor(world.carol)
    create = note_create(peer, member, "@bob@testserver see the budget, also @dave")
    create["object"]["tag"] = [mention(bob.uri, "@bob@testserver"), mention(carol.uri)]
    assert deliver(create, member).json()["status"] == "posted in the group"
    message = Message.objects.get(group=open_group)
    assert list(Mention.objects.filter(message=message).values_list("user_id", flat=True)) == [
        world.bob.pk
    ]
    assert notified == [(world.bob.pk, message.pk)]
    assert services.mentions_for(world.bob, unread_only=True).count() == 1
    client.force_login(world.bob)
    page = client.get("/en/groups/mentions/").content.decode()
    assert "see the budget" in page and "Nobody has mentioned you yet" not in page


def test_an_edit_that_adds_a_tag_mentions_once(peer, open_group, member, deliver, world):
    """An Update from the other site that tags Bob mentions him; the same Update again adds
    nothing."""
    create = note_create(peer, member, "Draft")
    deliver(create, member)
    update = copy.deepcopy(create)
    update.update(id=activity_id(peer), type="Update")
    update["object"]["content"] = "<p>Draft, ask @bob</p>"
    update["object"]["tag"] = [mention(person_actor(world.bob).uri)]
    assert deliver(update, member).json()["status"] == "message edited"
    deliver({**update, "id": activity_id(peer)}, member)
    assert Mention.objects.filter(user=world.bob).count() == 1


def test_the_groups_announce_notifies_our_member_once(
    joined, world, peer, remote_group, deliver, notified, client
):
    """In the peer's group, the group's Announce of a note tagging Bob mentions him here; the
    author's own Create sent to Bob's inbox, and the Announce again, mention him no second time."""
    carla = f"{peer.url}/users/carla"
    bob = person_actor(world.bob).uri
    create = create_note(peer, remote_group, carla, 1, "Bob, can you host?")
    create["object"]["tag"] = [mention(bob, "@bob@testserver"), mention(f"{peer.url}/users/x")]
    assert deliver(announce(peer, remote_group, 1, create), remote_group).json()["status"] == (
        "message stored"
    )
    message = Message.objects.get(group=joined)
    assert notified == [(world.bob.pk, message.pk)]
    # The author's Create, straight to Bob's inbox (as Mastodon sends to the people it names).
    direct = {"@context": "https://www.w3.org/ns/activitystreams", **copy.deepcopy(create)}
    direct["id"] = activity_id(peer)
    author = peer.add_actor("carla")
    assert deliver(direct, author).status_code == 202
    deliver({**announce(peer, remote_group, 1, create), "id": activity_id(peer)}, remote_group)
    assert Mention.objects.filter(user=world.bob).count() == 1
    assert len(notified) == 1
    client.force_login(world.bob)
    assert "Bob, can you host?" in client.get("/en/groups/mentions/").content.decode()


@pytest.mark.parametrize(
    "tags",
    [
        "not a list",
        42,
        None,
        {"type": "Mention", "href": ["http://testserver/ap/actors/x"]},
        [None, 1, "x", [], {"type": "Mention"}, {"type": "Mention", "href": 7}],
        [{"type": "Mention", "href": {"id": "x"}, "name": "@" + "n" * 100_000}],
        [{"type": ["Mention", 5], "href": "http://testserver/ap/actors/" + "a" * 5000}],
        [{"type": "Mention", "href": "http://testserver/ap/actors/%00bob/../bob?x#y"}],
        [{"type": "Hashtag", "href": "BOB"}, {"type": "Mention", "href": "javascript:alert(1)"}],
    ],
)
def test_hostile_tags_are_ignored(tags, peer, open_group, member, deliver, world):
    """Tags that are not a list of Mentions with string ids of our people store the message
    and mention nobody; none of them is a server error."""
    create = note_create(peer, member, "Hello")
    create["object"]["tag"] = tags
    response = deliver(create, member)
    assert response.status_code == 202, response.content
    assert Message.objects.filter(group=open_group).count() == 1
    assert not Mention.objects.exists()


def test_a_thousand_tags_are_capped(peer, open_group, member, deliver, world):
    """A note with 1,000 tags is read only as far as its first hundred: Bob, tagged within
    them, is mentioned; Dave, tagged after them, is not."""
    junk = [mention(f"{SITE}/ap/actors/nobody{n}", "@" + "x" * 60) for n in range(999)]
    tags = junk[: MAX_TAGS - 1] + [mention(person_actor(world.bob).uri)] + junk[MAX_TAGS - 1 :]
    tags.append(mention(person_actor(world.dave).uri))
    create = note_create(peer, member, "Roll call")
    create["object"]["tag"] = tags
    assert deliver(create, member).status_code == 202
    assert list(Mention.objects.values_list("user_id", flat=True)) == [world.bob.pk]


def test_a_mastodon_note_with_a_mention_tag_notifies(peer, open_group, deliver, world):
    """Mastodon's Create (captured), tagging the group and Bob as Mastodon does, becomes a
    message that mentions Bob."""
    keys = peer.add_actor("kde")
    assert deliver(load_bare_follow(keys), keys).json()["status"] == "joined the group"
    document = json.loads((GROUPS / "mastodon-create-note-mention-group.json").read_text())
    document = replace_all(document, {"https://floss.social/users/kde": keys.uri})
    document = replace_all(document, {"https://lemmy.kde.social/c/kde": GROUP})
    document = replace_all(document, {"https://floss.social": peer.url})
    bob = person_actor(world.bob).uri
    document["object"]["tag"].append(mention(bob, "@bob@testserver"))
    document["object"]["cc"].append(bob)
    response = deliver(document, keys)
    assert response.json()["status"] == "posted in the group", response.content
    message = Message.objects.get(group=open_group)
    assert Mention.objects.get(message=message).user == world.bob
    assert "We also need funding" in message.body


def test_a_handle_names_the_person_of_that_site_not_ours():
    """Typing @alice@lab.example names Alice of that site (her account here), not a local Alice;
    an e-mail address names nobody."""
    from collaboration.formatting import mentioned_names

    text = "ask @alice@lab.example:8000. or @bob, not carol@example.org"
    assert mentioned_names(text) == {"alice@lab.example:8000", "bob"}
