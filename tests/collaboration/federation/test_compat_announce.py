"""A public group of ours also announces each new message by itself, the way Mastodon boosts a
status, so that people following the group from Mastodon, Pleroma or Misskey see its posts; our
own member sites ignore that bare Announce (the numbered one carries the message)."""

import json

import pytest

from collaboration import services
from collaboration.federation.models import GroupActivity, HostedGroup, RemoteGroup
from collaboration.models import Message, WorkingGroup
from tests.collaboration.federation import test_hosting, test_remote_groups
from tests.collaboration.federation.conftest import activity_id, numbered, sent
from tests.collaboration.federation.test_hosting import GROUP, follow, note_create
from tests.collaboration.federation.test_remote_groups import announce, create_note
from tests.federation.conftest import FIXTURES, SITE

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
AP = {"Accept": "application/activity+json"}
# What Mastodon's FetchRemoteStatusService takes for a status (supported and converted types).
MASTODON_STATUS_TYPES = {"Note", "Question", "Article", "Page", "Image", "Video", "Audio", "Event"}


remote_group = test_remote_groups.remote_group
joined = test_remote_groups.joined
# The open forum and Alice of the peer site, its member (she could be a Mastodon account).
open_group = test_hosting.open_group
member = test_hosting.member


def bare(peer):
    return [d for d in sent(peer, "Announce") if "seq" not in d]


def test_a_new_message_of_a_public_group_is_also_announced_by_itself(
    peer, open_group, member, committed, world
):
    """A message written in a public group reaches the followers twice: the numbered
    Announce(Create(Note)) our member sites apply, and an Announce of the Note's id alone, the
    shape Mastodon shows as a boost; the bare one is not numbered nor kept in the group's log."""
    message, _ = committed(services.post_message, world.alice, open_group, "Agenda", "Hello")
    note_id = f"{SITE}/ap/messages/{message.pk}"
    assert [a["object"]["type"] for a in numbered(peer)] == ["Create"]
    [compat] = bare(peer)
    assert compat["object"] == note_id
    assert compat["actor"] == GROUP
    assert compat["to"] == [PUBLIC]
    assert compat["id"] != numbered(peer)[0]["id"]
    hosted = HostedGroup.objects.get(group=open_group)
    assert hosted.last_seq == 1
    assert GroupActivity.objects.filter(hosted=hosted).count() == 1
    assert not any(
        a.get("object") == note_id for a in GroupActivity.objects.values_list("document", flat=True)
    )


def test_a_message_from_another_site_is_announced_by_its_own_id(peer, open_group, member, deliver):
    """A note a member of another site writes in our group is boosted by the group under its
    own id (the copy on its author's server is the one Mastodon fetches)."""
    create = note_create(peer, member, "From afar")
    assert deliver(create, member).json()["status"] == "posted in the group"
    [compat] = bare(peer)
    assert compat["object"] == create["object"]["id"]


def test_a_private_group_sends_only_the_numbered_announce(peer, world, deliver, committed):
    """Nothing of a private group is boosted: its members' sites get the one numbered
    Announce, addressed to its followers only."""
    WorkingGroup.objects.filter(pk=world.private.pk).update(join_policy="open")
    ann = peer.add_actor("ann")
    deliver(follow(peer, ann, f"{SITE}/ap/actors/board"), ann)
    committed(services.post_message, world.alice, world.private, "Secret", "Budget")
    assert len(sent(peer, "Announce")) == 1
    assert numbered(peer)[0]["object"]["type"] == "Create"
    assert PUBLIC not in json.dumps(sent(peer))


def test_edits_reactions_and_deletions_are_not_boosted(peer, open_group, member, committed, world):
    """Only a new message is boosted: its edit, a reaction and its deletion each send the
    numbered Announce alone."""
    message, _ = committed(services.post_message, world.alice, open_group, "Agenda", "Draft")
    committed(services.edit_message, world.alice, message.pk, "Final")
    committed(services.react, world.alice, message.pk, "🎉", add=True)
    committed(services.delete_message, world.alice, message.pk)
    kinds = [a["object"]["type"] for a in numbered(peer)]
    assert kinds == ["Create", "Update", "Like", "Delete"]
    assert len(bare(peer)) == 1


def _mastodon_would_boost(announce_doc: dict, signer: str, client) -> list[str]:
    """What ActivityPub::Activity::Announce (app/lib/activitypub/activity/announce.rb and
    activity.rb's status_from_object) needs, checked on our document; returns the problems."""
    problems = []
    fixture = json.loads((FIXTURES / "mastodon-announce.json").read_text())
    # The fields Mastodon's own Announce carries (atomUri is OStatus-era, not read any more).
    missing = set(fixture) - set(announce_doc) - {"atomUri"}
    if missing:
        problems.append(f"missing {sorted(missing)}")
    if announce_doc.get("type") != "Announce" or announce_doc.get("actor") != signer:
        problems.append("not an Announce by its signer")
    if not str(announce_doc.get("id", "")).startswith(("http://", "https://")):
        problems.append("id is not a URL")
    obj = announce_doc.get("object")
    # An embedded object is used only for a self-boost (attributedTo the announcer); anything
    # else is fetched by its id: `object_uri` must be an http(s) URL.
    uri = obj if isinstance(obj, str) else (obj or {}).get("id")
    if not isinstance(uri, str) or not uri.startswith("http"):
        return [*problems, "object is not a status URL"]
    # visibility_from_audience: Public in `to` makes a public boost.
    if PUBLIC not in announce_doc.get("to", []):
        problems.append("not public")
    response = client.get(uri.removeprefix(SITE), headers=AP)
    if response.status_code != 200:
        return [*problems, f"the status answers {response.status_code}"]
    status = response.json()
    if status.get("type") not in MASTODON_STATUS_TYPES or status.get("id") != uri:
        problems.append("the object is not a status at its id")
    author = status.get("attributedTo")
    # trustworthy_attribution?: the status and its author on the same host.
    if not isinstance(author, str) or author.split("/")[2] != uri.split("/")[2]:
        problems.append("the status's author is on another host")
    elif client.get(author.removeprefix(SITE), headers=AP).json().get("type") != "Person":
        problems.append("the status's author is not an account")
    # announceable?: a status that is public (or unlisted) may be boosted by someone else.
    if PUBLIC not in status.get("to", []) + status.get("cc", []):
        problems.append("the status is not public")
    return problems


def test_the_bare_announce_is_what_mastodon_boosts(
    peer, open_group, member, committed, world, client
):
    """Checked against what Mastodon's Announce parser needs (and its own Announce's shape): a
    public Announce by the group of a status URL, which answers with a public Note whose author
    is an account on the same host; the numbered Announce is not one Mastodon could show."""
    committed(services.post_message, world.alice, open_group, "Agenda", "Hello, Mastodon")
    [compat] = bare(peer)
    assert _mastodon_would_boost(compat, GROUP, client) == []
    assert _mastodon_would_boost(numbered(peer)[0], GROUP, client) != []


# -- on a member site --------------------------------------------------------------------------


def bare_announce(peer, remote_group, obj):
    document = announce(peer, remote_group, 1, obj)
    del document["seq"]
    document["to"] = [PUBLIC]
    return document


@pytest.mark.parametrize("embedded", [False, True], ids=["by-id", "embedded-note"])
def test_our_member_site_ignores_the_bare_announce(joined, peer, remote_group, deliver, embedded):
    """The group's bare Announce of a post (by its id, or the Note itself as Lemmy sends it)
    is ignored here: no message, nothing fetched, nothing queued; the numbered one then shows
    the message once, and a bare one after it adds no duplicate."""
    create = create_note(peer, remote_group, f"{peer.url}/users/cleo", 1, "Programme")
    obj = create["object"] if embedded else create["object"]["id"]
    gets = len([r for r in peer.received if r.method == "GET"])
    response = deliver(bare_announce(peer, remote_group, obj), remote_group)
    assert response.status_code == 202
    assert response.json()["status"].startswith("ignored")
    assert not Message.objects.filter(group=joined).exists()
    assert len([r for r in peer.received if r.method == "GET"]) == gets
    assert RemoteGroup.objects.get(group=joined).last_seq == 0
    response = deliver(announce(peer, remote_group, 1, create), remote_group)
    assert response.json()["status"] == "message stored"
    again = bare_announce(peer, remote_group, obj)
    again["id"] = activity_id(peer)
    assert deliver(again, remote_group).json()["status"].startswith("ignored")
    assert Message.objects.filter(group=joined).count() == 1
    assert len([r for r in peer.received if r.method == "GET"]) == gets
