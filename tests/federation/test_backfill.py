"""Following an actor fills the feed with its recent public posts, read from its outbox on a
real HTTP server on loopback: bounded, public posts only, its own posts only, once."""

import json

import pytest

from federation.feed.backfill import backfill_posts
from federation.following import follow_remote
from federation.models import Follow, RemoteActor, RemotePost
from tests.federation.conftest import load_fixture

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def note(alice, n, **extra):
    """A Mastodon-shaped Create of a public Note, as its outbox lists it."""
    obj = load_fixture(
        "mastodon-create-note.json",
        {
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": alice.server.url,
        },
    )["object"]
    obj = {**obj, "id": f"{alice.uri}/statuses/{n}", "url": f"{alice.uri}/statuses/{n}"}
    obj["content"] = f"<p>Post number {n}</p>"
    obj["contentMap"] = {"en": obj["content"]}
    obj["published"] = f"2026-11-{1 + n % 28:02d}T10:00:00Z"
    obj.update(extra.pop("object", {}))
    return {
        "id": f"{alice.uri}/statuses/{n}/activity",
        "type": "Create",
        "actor": alice.uri,
        "to": [PUBLIC],
        "cc": [f"{alice.uri}/followers"],
        "object": obj,
        **extra,
    }


def serve_outbox(alice, items, page_size=20):
    """Mastodon's shape: the collection links its first page, each page its next one."""
    server, outbox = alice.server, f"{alice.uri}/outbox"
    path = outbox.split(server.url, 1)[1]
    pages = [items[i : i + page_size] for i in range(0, len(items), page_size)] or [[]]
    server.documents[path] = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": outbox,
        "type": "OrderedCollection",
        "totalItems": len(items),
        "first": f"{outbox}?page=1",
    }
    # The loopback server ignores query strings: pages live at their own paths.
    for n, page in enumerate(pages, start=1):
        server.documents[f"{path}/p{n}"] = {
            "id": f"{outbox}/p{n}",
            "type": "OrderedCollectionPage",
            "partOf": outbox,
            "orderedItems": page,
            **({"next": f"{outbox}/p{n + 1}"} if n < len(pages) else {}),
        }
    server.documents[path]["first"] = f"{outbox}/p1"


def fetched(alice, part="/outbox"):
    return [r for r in alice.server.received if r.method == "GET" and part in r.path]


@pytest.fixture
def followed(network, alice, django_capture_on_commit_callbacks):
    """An editor follows alice through the same verb as the admin; the queued backfill runs."""

    def follow():
        with django_capture_on_commit_callbacks(execute=True):
            return follow_remote(alice.uri, network)

    return follow


def test_following_fills_the_feed_with_recent_public_posts(followed, alice):
    """Right after the Follow (before any Accept), the feed holds the actor's public posts;
    followers-only posts and replies are left out."""
    items = [note(alice, n) for n in range(5)]
    followers_only = {"to": [f"{alice.uri}/followers"], "cc": []}
    items.insert(1, note(alice, 90, **followers_only, object=followers_only))
    items[3]["object"].update(followers_only)  # post 2: only its object says so
    items.append(note(alice, 91, object={"inReplyTo": f"{alice.server.url}/statuses/1"}))
    serve_outbox(alice, items)
    follow = followed()
    assert follow.state == Follow.PENDING
    texts = set(RemotePost.objects.values_list("content", flat=True))
    assert texts == {f"<p>Post number {n}</p>" for n in (0, 1, 3, 4)}
    assert set(RemotePost.objects.values_list("actor__uri", flat=True)) == {alice.uri}


def test_backfill_is_bounded_by_the_setting(followed, alice, settings):
    """With FEDERATION_BACKFILL_POSTS = 3 and 45 posts over three pages, three posts are stored
    and only the first page is read."""
    settings.FEDERATION_BACKFILL_POSTS = 3
    serve_outbox(alice, [note(alice, n) for n in range(45)])
    followed()
    assert RemotePost.objects.count() == 3
    assert [r.path.rsplit("/", 1)[1] for r in fetched(alice)] == ["outbox", "p1"]


def test_default_bound_is_twenty_and_pages_are_followed(followed, alice):
    """By default twenty posts are stored, read across pages of eight."""
    serve_outbox(alice, [note(alice, n) for n in range(30)], page_size=8)
    followed()
    assert RemotePost.objects.count() == 20
    assert [r.path.rsplit("/", 1)[1] for r in fetched(alice)] == ["outbox", "p1", "p2", "p3"]


def test_running_it_again_changes_nothing(followed, alice):
    """The task may run twice (a worker killed mid-way): the feed has each post once."""
    serve_outbox(alice, [note(alice, n) for n in range(4)])
    followed()
    remote = RemoteActor.objects.get(uri=alice.uri)
    before = list(RemotePost.objects.order_by("object_id").values_list("object_id", "content"))
    assert backfill_posts(remote.pk) == "stored 4"
    after = list(RemotePost.objects.order_by("object_id").values_list("object_id", "content"))
    assert after == before and len(after) == 4


def test_a_deleted_post_is_not_brought_back(followed, alice):
    """An outbox that lists a post's Delete (newest first) before its Create: the post stays
    deleted."""
    create = note(alice, 7)
    delete = {
        "id": f"{alice.uri}/statuses/7#delete",
        "type": "Delete",
        "actor": alice.uri,
        "to": [PUBLIC],
        "object": {"id": create["object"]["id"], "type": "Tombstone"},
    }
    serve_outbox(alice, [delete, create, note(alice, 8)])
    followed()
    assert list(RemotePost.objects.values_list("object_id", flat=True)) == [
        f"{alice.uri}/statuses/8"
    ]


def test_posts_claimed_for_another_server_are_not_stored(followed, alice):
    """An outbox cannot plant posts of other servers: an object whose id or author is elsewhere
    is skipped, and a next page on another server is not fetched."""
    elsewhere = "http://203.0.113.9"
    items = [
        note(alice, 1),
        note(alice, 2, object={"id": f"{elsewhere}/statuses/2"}),
        note(alice, 3, object={"attributedTo": f"{elsewhere}/users/eve"}),
    ]
    serve_outbox(alice, items)
    path = f"{alice.uri}/outbox/p1".split(alice.server.url, 1)[1]
    alice.server.documents[path]["next"] = f"{elsewhere}/outbox/p2"
    followed()
    assert list(RemotePost.objects.values_list("object_id", flat=True)) == [
        f"{alice.uri}/statuses/1"
    ]


def test_shared_posts_are_fetched_from_their_server(followed, alice):
    """A Lemmy community's outbox is made of Announces of its posts: each is fetched from its
    server (the embedded copy is not trusted) and shown as shared."""
    announce = load_fixture(
        "lemmy-announce-page.json",
        {
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": alice.server.url,
        },
    )
    page = announce["object"]["object"]
    alice.server.documents["/post/3170"] = {**page, "name": "As the server has it"}
    serve_outbox(alice, [announce])
    followed()
    stored = RemotePost.objects.get()
    assert stored.shared and stored.name == "As the server has it"


def test_pixelfed_outbox_with_inline_items(followed, alice):
    """Pixelfed's outbox holds its items inline (no pages): its photos reach the feed."""
    create = load_fixture(
        "pixelfed-create-note.json",
        {
            "https://pixelfed.social/users/lieux": alice.uri,
            "https://pixelfed.social": alice.server.url,
        },
    )
    path = f"{alice.uri}/outbox".split(alice.server.url, 1)[1]
    alice.server.documents[path] = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{alice.uri}/outbox",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [create],
    }
    followed()
    stored = RemotePost.objects.get()
    assert [a["kind"] for a in stored.attachments] == ["image", "video"]


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"Content-Type": "application/activity+json"}, b"{}"),
        (200, {"Content-Type": "application/activity+json"}, b"{not json"),
        (200, {"Content-Type": "text/html"}, b"<html></html>"),
        (200, {"Content-Type": "application/activity+json"}, json.dumps([1, 2]).encode()),
    ],
)
def test_a_broken_outbox_does_not_break_the_follow(followed, alice, answer):
    """An outbox that fails, is not JSON or not ActivityStreams leaves the Follow in place and
    the feed empty; the task says why."""
    alice.server.raw[f"{alice.uri}/outbox".split(alice.server.url, 1)[1]] = answer
    follow = followed()
    assert Follow.objects.filter(pk=follow.pk).exists()
    assert RemotePost.objects.count() == 0
    assert backfill_posts(follow.remote_actor_id).startswith("stored 0, then stopped:")


def test_blocked_or_unfollowed_actor_is_not_read(network, alice, settings):
    """No outbox is read for an actor nobody follows any more, or one an editor blocked."""
    from federation.remote import fetch_actor

    serve_outbox(alice, [note(alice, 1)])
    remote = fetch_actor(alice.uri)
    assert backfill_posts(remote.pk) == "skipped: nobody here follows this actor"
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.PENDING
    )
    RemoteActor.objects.filter(pk=remote.pk).update(blocked=True)
    assert backfill_posts(remote.pk) == "skipped: blocked actor"
    assert fetched(alice) == [] and RemotePost.objects.count() == 0
