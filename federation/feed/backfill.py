"""A newly followed actor's recent public posts, read from its outbox so the feed has content
before it publishes anything new (the live feed only gets what is published after the Follow)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django_tasks import task

from .. import fetch
from ..activitystreams import attributed_to, id_of
from ..conf import setting
from ..models import DomainBlock, Follow, RemoteActor
from .store import Unusable, object_type, store_shared, upsert

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
# Pages of the outbox read at most, and items looked at per post wanted (replies, private
# posts and unknown types are skipped, but not without end).
MAX_PAGES = 5
ITEMS_PER_POST = 3


def _addressed(document: dict) -> set:
    found = set()
    for key in ("to", "cc", "audience"):
        value = document.get(key)
        for item in value if isinstance(value, list) else [value]:
            uri = id_of(item)
            if uri:
                found.add(uri)
    return found


def is_public(activity: dict, obj: dict | None) -> bool:
    """The activity and its object are each addressed to the public, or not addressed at all
    (Funkwhale's activity is not: an outbox answers anonymous readers with public posts only).
    An object addressed to followers only stays out, whatever its activity says."""
    for document in (activity, obj):
        if isinstance(document, dict):
            addressed = _addressed(document)
            if addressed and not addressed & PUBLIC:
                return False
    return True


def _items(collection: dict) -> list:
    items = collection.get("orderedItems", collection.get("items"))
    if isinstance(items, dict):
        items = [items]
    return items if isinstance(items, list) else []


def outbox_items(remote: RemoteActor, wanted: int):
    """Items of the actor's outbox, newest first, page after page (at most MAX_PAGES fetches and
    `wanted * ITEMS_PER_POST` items), every page fetched through the safe fetcher and on the
    actor's own server. The collection may hold its items, embed its first page or link it."""
    budget = wanted * ITEMS_PER_POST
    page, url = None, remote.outbox
    for _fetch in range(MAX_PAGES):
        if page is None:
            if not url or not fetch.same_origin(url, remote.uri):
                return
            page = fetch.fetch_json(url).document
        items = _items(page)
        yield from items[:budget]
        budget -= len(items)
        if budget <= 0:
            return
        following = page.get("next") if items else page.get("first")
        if following is None:
            return
        page, url = (following, None) if isinstance(following, dict) else (None, id_of(following))


def _own_object(item: dict, remote: RemoteActor) -> dict | None:
    """The object a Create (or Update) in the actor's outbox carries, when it is the actor's
    own: on its server, attributed to it (or, for a group, to accounts of its server)."""
    obj = item.get("object")
    if not isinstance(obj, dict):
        return None
    object_id = id_of(obj)
    if not object_id or not fetch.same_origin(object_id, remote.uri):
        return None
    actor = id_of(item.get("actor"))
    if actor and not fetch.same_origin(actor, remote.uri):
        return None
    owners = attributed_to(obj)
    if owners and remote.uri not in owners:
        if not all(fetch.same_origin(uri, remote.uri) for uri in owners):
            return None
        if RemoteActor.objects.filter(uri__in=owners, blocked=True).exists():
            return None
    return obj


def store_item(item, remote: RemoteActor) -> str:
    """One outbox item into the feed: "stored", "shared" or why it was skipped."""
    if not isinstance(item, dict):
        return "skipped: not embedded"
    kind = item.get("type")
    if kind in {"Create", "Update"}:
        obj = _own_object(item, remote)
        if obj is None:
            return "skipped: not the actor's own post"
        if not is_public(item, obj):
            return "skipped: not public"
        if obj.get("inReplyTo"):
            return "skipped: a reply"
        if object_type(obj) is None:
            return "skipped: not shown in the feed"
        try:
            upsert(obj, remote)
        except Unusable as exc:
            return f"skipped: {exc}"
        return "stored"
    if kind == "Announce":
        if not is_public(item, None):
            return "skipped: not public"
        obj = item.get("object")
        if isinstance(obj, dict) and obj.get("type") in {"Create", "Update"}:
            obj = obj.get("object")  # Lemmy announces the activity
        try:
            result = store_shared(id_of(obj), remote)
        except Unusable as exc:
            return f"skipped: {exc}"
        return "shared" if result == "shared post stored" else f"skipped: {result}"
    return "skipped: not a post"


def backfill_posts(remote_actor_id: int) -> str:
    """Store up to FEDERATION_BACKFILL_POSTS recent public posts of a followed actor; running it
    again changes nothing (posts are keyed by their id, an older copy never wins)."""
    remote = RemoteActor.objects.filter(pk=remote_actor_id).first()
    if remote is None:
        return "missing"
    wanted = setting("BACKFILL_POSTS")
    if remote.blocked or wanted <= 0:
        return "skipped: blocked actor" if remote.blocked else "skipped: backfill is off"
    if not Follow.objects.filter(
        remote_actor=remote, direction=Follow.OUTGOING, state__in=[Follow.PENDING, Follow.ACCEPTED]
    ).exists():
        return "skipped: nobody here follows this actor"
    if DomainBlock.is_blocked((urlsplit(remote.uri).hostname or "").lower()):
        return "skipped: blocked domain"
    if not remote.outbox:
        return "skipped: the actor has no outbox"
    stored, deleted = 0, set()
    try:
        for item in outbox_items(remote, wanted):
            # Newest first: a Delete (our own outboxes list them) comes before what it deleted.
            if isinstance(item, dict) and item.get("type") == "Delete":
                deleted.add(id_of(item.get("object")))
                continue
            if isinstance(item, dict) and id_of(item.get("object")) in deleted:
                continue
            if store_item(item, remote) in {"stored", "shared"}:
                stored += 1
                if stored >= wanted:
                    break
    except fetch.FetchError as exc:
        return f"stored {stored}, then stopped: {exc}"
    return f"stored {stored}"


@task()
def backfill_remote_posts(remote_actor_id: int) -> str:
    """Fill the network feed with a newly followed actor's recent public posts."""
    return backfill_posts(remote_actor_id)
