"""Which working groups the networks we follow offer, and the list of ours they read.

- Ours: `/ap/groups`, a paged `OrderedCollection` of the actor ids of our public groups that
  people of other sites may ask to join (open or on approval; never a private one), linked from
  the site's own actors (the network, the pages) as `workingGroups`.
- Theirs: once a follow of another network's site or page actor is accepted, a task reads that
  actor's `workingGroups` through the safe fetcher (at most MAX_GROUPS groups, all on that
  actor's server) and stores the groups' actors. The join page lists those, and the groups we
  already know on the servers we follow (learned from their announces).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models.signals import post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task

from federation import fetch, registry
from federation.activitystreams import id_of
from federation.actors import network_actor
from federation.conf import site_url
from federation.delivery import signer_for
from federation.models import Actor, DomainBlock, Follow, RemoteActor
from federation.queueing import DEFAULT, enqueue_durably, lane
from federation.remote import RemoteActorError, update_from_document
from federation.sanitize import clean_text

from ..i18n import only_sources
from ..models import Membership, WorkingGroup
from .actors import hosted_group
from .models import RemoteGroup

logger = logging.getLogger(__name__)

#: The most groups read from one site's collection, and pages followed to find them.
MAX_GROUPS = 50
MAX_PAGES = 5
#: Our collection's page size.
PAGE_SIZE = 50
#: A group's actor fetched this recently is not fetched again by another discovery.
FRESH = dt.timedelta(hours=1)
COLLECTION_TYPES = {"Collection", "OrderedCollection", "CollectionPage", "OrderedCollectionPage"}


class DiscoveryError(Exception):
    """A site's list of groups we do not read (not a collection, not on its server)."""


# -- ours ---------------------------------------------------------------------------------------


def listed_groups():
    """Our public groups that people of other sites may ask to join, one row per group."""
    rows = WorkingGroup.objects.filter(
        kind=WorkingGroup.Kind.GROUP,
        origin="",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy__in=[WorkingGroup.JoinPolicy.OPEN, WorkingGroup.JoinPolicy.APPROVAL],
    )
    return only_sources(rows).order_by("pk")


def groups_url() -> str | None:
    try:
        return site_url() + reverse("collaboration_federation:groups")
    except NoReverseMatch:  # a site that does not mount the protocol URLs
        return None


def groups_page(number: int) -> tuple[list[str], int]:
    """The actor ids of the page `number` (from 1) of our listed groups, and their total. A
    group's actor is made the first time it is listed, as when WebFinger is asked for it."""
    rows = listed_groups()
    total = rows.count()
    start = (number - 1) * PAGE_SIZE
    return [hosted_group(group).actor.uri for group in rows[start : start + PAGE_SIZE]], total


def actor_properties(actor) -> dict:
    url = groups_url()
    return {"workingGroups": url} if url else {}


# -- theirs -------------------------------------------------------------------------------------


def _signer():
    return signer_for(network_actor())


def _is_http(uri) -> bool:
    return isinstance(uri, str) and uri.startswith(("https://", "http://")) and len(uri) <= 1000


def collection_url(remote: RemoteActor) -> str | None:
    """Where a site's actor lists its working groups: on its own server, or nowhere."""
    value = (remote.document or {}).get("workingGroups")
    url = id_of(value)
    return url if _is_http(url) and fetch.same_origin(url, remote.uri) else None


def _types(document) -> set[str]:
    kind = document.get("type") if isinstance(document, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return {k for k in kinds if isinstance(k, str)}


def read_group_ids(url: str) -> list[str]:
    """The first MAX_GROUPS actor ids a site's collection lists, all on its server, reading
    at most MAX_PAGES pages. Raises DiscoveryError or FetchError."""
    document = fetch.fetch_json(url, signer=_signer()).document
    if not _types(document) & COLLECTION_TYPES:
        raise DiscoveryError("the list of groups is not a collection")
    found: list[str] = []
    page, following, pages = document, "first", 0
    while isinstance(page, dict) and len(found) < MAX_GROUPS:
        items = page.get("orderedItems", page.get("items"))
        for item in items[: MAX_GROUPS * 2] if isinstance(items, list) else []:
            uri = id_of(item)
            if _is_http(uri) and fetch.same_origin(uri, url) and uri not in found:
                found.append(uri)
                if len(found) >= MAX_GROUPS:
                    break
        after = page.get(following)
        following = "next"
        pages += 1
        if len(found) >= MAX_GROUPS or pages >= MAX_PAGES or after is None:
            break
        if isinstance(after, dict):
            page = after
            continue
        if not _is_http(after) or not fetch.same_origin(after, url):
            break
        page = fetch.fetch_json(after, signer=_signer()).document
        if not _types(page) & COLLECTION_TYPES:
            break
    return found


def store_group(uri: str) -> RemoteActor | None:
    """Fetch a listed group's actor and keep it, if it is a `Group` that may be discovered."""
    known = RemoteActor.objects.filter(uri=uri, actor_type="Group").first()
    if known is not None and known.fetched_at and known.fetched_at > timezone.now() - FRESH:
        return known
    try:
        document = fetch.fetch_json(uri, signer=_signer()).document
    except fetch.FetchError as exc:
        logger.info("listed group %s not read: %s", uri, exc)
        return None
    if document.get("type") != "Group" or document.get("discoverable") is False:
        return None
    try:
        return update_from_document(uri, document)
    except RemoteActorError as exc:
        logger.info("listed group %s not kept: %s", uri, exc)
        return None


def discover(remote: RemoteActor) -> list[RemoteActor]:
    """Read the groups a followed actor's site lists, and keep their actors."""
    if remote.blocked or DomainBlock.is_blocked(remote.domain):
        return []
    url = collection_url(remote)
    if url is None:
        return []
    groups = []
    for uri in read_group_ids(url):
        actor = store_group(uri)
        if actor is not None:
            groups.append(actor)
    return groups


@task()
def discover_groups(remote_actor_id: int) -> int:
    """`discover` for a followed actor, by id: how many groups its site lists that we keep."""
    remote = RemoteActor.objects.filter(pk=remote_actor_id).first()
    if remote is None:
        return 0
    try:
        return len(discover(remote))
    except (fetch.FetchError, DiscoveryError) as exc:
        logger.info("groups of %s not read: %s", remote, exc)
        return 0


def followed_by_site():
    """The accepted follows of other networks by this site's own actors (network, pages)."""
    return Follow.objects.filter(
        direction=Follow.OUTGOING, state=Follow.ACCEPTED, local_actor__kind=""
    )


def on_follow_saved(sender, instance, **kwargs):
    """This site now follows another network's actor: learn which groups it offers."""
    if instance.direction != Follow.OUTGOING or instance.state != Follow.ACCEPTED:
        return
    if not Actor.objects.filter(pk=instance.local_actor_id, kind="").exists():
        return  # a member's join request, not the site's follow
    enqueue_durably(lane(discover_groups, DEFAULT), instance.remote_actor_id)


def _discussion_group(actor: RemoteActor) -> bool:
    """A group people talk in (FEP-1b12: ours, Lemmy's, Mbin's), not a project's actor."""
    document = actor.document or {}
    if document.get("discoverable") is False or not (actor.inbox or actor.shared_inbox):
        return False
    return any(key in document for key in ("activityLog", "moderators", "postingRestrictedToMods"))


def known_groups(user, limit: int = 200) -> list[dict]:
    """The groups of the networks this site follows, as the join page lists them, each with
    what `user` already is in it ("member", "requested" or "")."""
    domains = set(followed_by_site().values_list("remote_actor__domain", flat=True))
    domains = {d for d in domains if not DomainBlock.is_blocked(d)}
    if not domains:
        return []
    rows = [
        actor
        for actor in RemoteActor.objects.filter(
            actor_type="Group", domain__in=domains, blocked=False
        ).order_by("name", "pk")[:limit]
        if _discussion_group(actor)
    ]
    copies = dict(RemoteGroup.objects.filter(actor__in=rows).values_list("actor_id", "group_id"))
    states = dict(
        Membership.objects.filter(user=user, group_id__in=copies.values()).values_list(
            "group_id", "state"
        )
    )
    listed = []
    for actor in rows:
        state = states.get(copies.get(actor.pk))
        name = clean_text(actor.name or actor.username or actor.uri, 200)
        listed.append(
            {
                "uri": actor.uri,
                "name": name,
                "site": actor.domain,
                "handle": f"@{actor.username}@{actor.domain}" if actor.username else actor.uri,
                "excerpt": Truncator(clean_text(actor.summary, 2000)).chars(200),
                "state": (
                    "member"
                    if state == Membership.State.ACTIVE
                    else "requested"
                    if state == Membership.State.REQUESTED
                    else ""
                ),
            }
        )
    return listed


def register() -> None:
    registry.register_actor_properties(actor_properties)
    post_save.connect(on_follow_saved, sender=Follow, dispatch_uid="collaboration_discovery")
