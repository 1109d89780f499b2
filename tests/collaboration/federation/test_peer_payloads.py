"""What Lemmy, Mbin and Mastodon really send to a group (captured under
tests/federation/fixtures/groups/), replayed against a group of ours: following joins it, their
posts become messages, their likes and emoji reactions count, Undo and Delete take them back,
Undo(Follow) leaves. Origins are replaced by a loopback server playing their site."""

import json

import pytest

from collaboration.models import Membership, Message, Reaction, WorkingGroup
from tests.collaboration.federation.conftest import GROUPS, sent
from tests.federation.conftest import SITE, replace_all

pytestmark = pytest.mark.django_db
GROUP = f"{SITE}/ap/actors/open_forum"

# software: (its actor in the fixtures, its origins, the group's ids in the fixtures, files)
PEERS = {
    "lemmy": (
        "http://ds9.lemmy.ml/u/lemmy_alpha",
        ["http://ds9.lemmy.ml", "https://ds9.lemmy.ml"],
        [
            "http://enterprise.lemmy.ml/c/main",
            "https://enterprise.lemmy.ml/c/main",
            "https://enterprise.lemmy.ml/c/tenforward",
        ],
        {
            "follow": "lemmy-follow.json",
            "create": "lemmy-create-page.json",
            "like": "lemmy-like.json",
            "undo_like": "lemmy-undo-like.json",
            "delete": "lemmy-delete.json",
            "undo_follow": "lemmy-undo-follow.json",
        },
    ),
    "mbin": (
        "https://kbin.test/u/user",
        ["https://kbin.test"],
        ["https://kbin.test/m/test"],
        {
            "follow": "mbin-follow.json",
            "create": "mbin-create-page.json",
            "like": "mbin-like.json",
            "delete": "mbin-delete.json",
            "undo_follow": "mbin-undo-follow.json",
        },
    ),
    "mastodon": (
        "https://floss.social/users/kde",
        ["https://floss.social", "https://mastodon.madrid"],
        ["https://lemmy.kde.social/c/kde"],
        {
            "create": "mastodon-create-note-mention-group.json",
            "like": "mastodon-like.json",
            "undo_like": "mastodon-undo-like.json",
            "delete": "mastodon-delete.json",
        },
    ),
}


def payload(name, actor_uri, origins, group_ids, keys, peer, **fields):
    """The captured payload with its actor, its site and the group replaced by ours."""
    document = json.loads((GROUPS / name).read_text())
    mapping = {actor_uri: keys.uri}
    document = replace_all(document, mapping)
    # Some fixtures come from another account of the same server (Mbin's user2, Mastodon's
    # asonix): they all become our one sender.
    other = document.get("actor")
    if isinstance(other, str) and other != keys.uri:
        document = replace_all(document, {other: keys.uri})
    document = _swap_values(document, dict.fromkeys(group_ids, GROUP))
    document = replace_all(document, dict.fromkeys(origins, peer.url))
    for key, value in fields.items():
        if isinstance(value, dict):
            document.setdefault(key, {}).update(value)
        else:
            document[key] = value
    return document


def _swap_values(value, mapping):
    """Replace whole values only: a group's id, not the ids of posts under its path."""
    if isinstance(value, str):
        for old, new in mapping.items():
            if value == old or value == f"{old}/followers":
                return value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_swap_values(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _swap_values(v, mapping) for k, v in value.items()}
    return value


@pytest.fixture
def open_group(world):
    WorkingGroup.objects.filter(pk=world.public.pk).update(join_policy="open")
    return world.public


@pytest.mark.parametrize("software", sorted(PEERS))
def test_what_peers_send_to_a_group(software, peer, open_group, deliver):
    """Follow, post, like, unlike, delete and leave, each as that software sends it."""
    actor_uri, origins, group_ids, files = PEERS[software]
    keys = peer.add_actor(software)

    def load(kind, **fields):
        return payload(files[kind], actor_uri, origins, group_ids, keys, peer, **fields)

    if "follow" in files:
        response = deliver(load("follow"), keys)
        assert response.json()["status"] == "joined the group", response.content
        assert sent(peer, "Accept")
    else:
        # Mastodon users follow a group with a bare Follow too (mastodon-follow-group.json).
        follow = load_bare_follow(keys)
        assert deliver(follow, keys).json()["status"] == "joined the group"
    member = Membership.objects.get(group=open_group, user__username__startswith=f"{software}@")
    assert member.is_active

    create = load("create")
    response = deliver(create, keys)
    assert response.json().get("status") == "posted in the group", response.content
    message = Message.objects.get(group=open_group)
    assert message.author == member.user
    assert message.body
    object_id = create["object"]["id"]

    like = load("like", object=object_id)
    assert deliver(like, keys).json()["status"] == "reaction added"
    assert message.reactions.count() == 1
    if "undo_like" in files:
        undo = load("undo_like")
        undo["object"] = {**undo["object"], "object": object_id, "actor": keys.uri}
        assert deliver(undo, keys).json()["status"] == "reaction removed"
        assert message.reactions.count() == 0

    delete = load("delete")
    if isinstance(delete["object"], dict):
        delete["object"]["id"] = object_id
    else:
        delete["object"] = object_id
    assert deliver(delete, keys).json()["status"] == "message deleted"
    message.refresh_from_db()
    assert message.is_deleted

    if "undo_follow" in files:
        undo = load("undo_follow")
        assert deliver(undo, keys).json()["status"] == "left the group"
        assert not Membership.objects.filter(pk=member.pk).exists()


def load_bare_follow(keys):
    document = json.loads((GROUPS / "mastodon-follow-group.json").read_text())
    document["actor"] = keys.uri
    document["object"] = GROUP
    document["id"] = f"{keys.uri}#follow-1"
    return document


@pytest.mark.parametrize(
    ("name", "emoji"),
    [("misskey-like-custom-emoji.json", None), ("pleroma-emojireact.json", "🎉")],
)
def test_emoji_reactions_of_misskey_and_pleroma(name, emoji, peer, open_group, deliver):
    """Misskey's Like with an emoji `content` and Pleroma's EmojiReact become that reaction
    (a custom `:emoji:` of theirs, which we cannot show, counts as 👍)."""
    keys = peer.add_actor("reactor")
    deliver(load_bare_follow(keys), keys)
    from collaboration import services

    author = open_group.memberships.first().user
    message, _ = services.post_message(author, open_group, "Agenda", "Point one")
    document = json.loads((GROUPS / name).read_text())
    document["actor"] = keys.uri
    document["id"] = f"{keys.uri}#react-1"
    document["object"] = f"{SITE}/ap/messages/{message.pk}"
    if emoji:
        document["content"] = emoji
    response = deliver(document, keys)
    assert response.json()["status"] == "reaction added", response.content
    shown = list(Reaction.objects.filter(message=message).values_list("emoji", flat=True))
    assert shown == [emoji or "👍"]
