"""Following remote actors from here: the verbs the admin and `manage.py federation_follow` use."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from . import activitystreams as as2
from .actors import network_actor
from .conf import setting
from .delivery import fan_out, record_activity
from .feed.backfill import backfill_remote_posts
from .models import Actor, DomainBlock, Follow, RemoteActor, RemotePost
from .queueing import DEFAULT, enqueue_durably, lane
from .remote import RemoteActorError, fetch_actor, lookup


def follow_remote(
    handle_or_url: str, local: Actor | None = None, *, cached: bool = False
) -> Follow:
    """Resolve `@name@host` (WebFinger, safe fetch), send a Follow, keep it pending until their
    Accept arrives, and queue the reading of their recent public posts (their outbox) so the
    feed shows them at once. Raises RemoteActorError saying why a lookup failed. `cached`: an
    actor URL just looked up is not fetched again."""
    local = local or network_actor()
    remote = lookup(handle_or_url, cached=cached)
    if DomainBlock.is_blocked(remote.domain.split(":")[0]):
        raise RemoteActorError("this server is blocked")
    if not remote.inbox:
        raise RemoteActorError("the actor has no inbox")
    with transaction.atomic():
        activity = record_activity(
            local,
            as2.activity("Follow", id="", actor=local.uri, object=remote.uri, to=[remote.uri]),
            public=False,
        )
        follow, _created = Follow.objects.update_or_create(
            local_actor=local,
            remote_actor=remote,
            direction=Follow.OUTGOING,
            defaults={"state": Follow.PENDING, "activity_id": activity.uri, "last_error": ""},
        )
        fan_out(activity, [remote.inbox], lane_name=DEFAULT)
        # Public posts need no Accept to be read; in the same transaction as the Follow.
        enqueue_durably(lane(backfill_remote_posts, DEFAULT), remote.pk)
    return follow


def unfollow_remote(follow: Follow) -> None:
    """Send Undo of our Follow and forget it."""
    local, remote = follow.local_actor, follow.remote_actor
    with transaction.atomic():
        undo = as2.activity(
            "Undo",
            id="",
            actor=local.uri,
            object=as2.follow_reference(follow.activity_id, local.uri, remote.uri),
            to=[remote.uri],
        )
        activity = record_activity(local, undo, public=False)
        fan_out(activity, [remote.inbox], lane_name=DEFAULT)
        follow.delete()


def refresh_actor(remote_actor_id: int) -> str:
    """Fetch a remote actor again (profile, inbox, key: a rotated key is picked up); a failure
    is recorded on the follows so editors see it."""
    remote = RemoteActor.objects.filter(pk=remote_actor_id).first()
    if remote is None:
        return "missing"
    try:
        fetch_actor(remote.uri)
    except RemoteActorError as exc:
        Follow.objects.filter(remote_actor=remote, direction=Follow.OUTGOING).update(
            last_error=f"profile refresh failed: {exc}"[:2000]
        )
        return f"failed: {exc}"
    Follow.objects.filter(
        remote_actor=remote, direction=Follow.OUTGOING, last_error__startswith="profile refresh"
    ).update(last_error="")
    return "refreshed"


@task()
def refresh_remote_actor(remote_actor_id: int) -> str:
    """Fetch a followed actor's profile and key again."""
    return refresh_actor(remote_actor_id)


def stale_followed_actors(now=None) -> list[int]:
    now = now or timezone.now()
    horizon = now - dt.timedelta(seconds=setting("ACTOR_REFRESH_SECONDS"))
    return list(
        RemoteActor.objects.filter(follows__direction=Follow.OUTGOING, blocked=False)
        .filter(Q(fetched_at__lt=horizon) | Q(fetched_at__isnull=True))
        .values_list("pk", flat=True)
        .distinct()
    )


@task()
def refresh_followed_actors() -> int:
    """Queue a refresh of every followed actor whose profile is older than
    FEDERATION_ACTOR_REFRESH_SECONDS (run periodically)."""
    ids = stale_followed_actors()
    for pk in ids:
        # A periodic sweep: a refresh that fails to queue is queued by the next run.
        refresh_remote_actor.enqueue(pk)
    return len(ids)


def hide_post(post: RemotePost, hidden: bool = True) -> None:
    post.hidden = hidden
    post.save(update_fields=["hidden"])


def block_actor(remote: RemoteActor) -> int:
    """Refuse an actor's inbox posts, drop its posts from the feed, stop following it."""
    with transaction.atomic():
        remote.blocked = True
        remote.save(update_fields=["blocked"])
        for follow in Follow.objects.filter(remote_actor=remote, direction=Follow.OUTGOING):
            unfollow_remote(follow)
        Follow.objects.filter(remote_actor=remote).delete()
        deleted, _rows = RemotePost.objects.filter(actor=remote).delete()
    return deleted


def block_domain(domain: str, reason: str = "") -> DomainBlock:
    """Refuse a server (and its subdomains) at the inbox and remove its posts from the feed."""
    block, created = DomainBlock.objects.get_or_create(
        domain=domain.strip().lower().rstrip("."), defaults={"reason": reason}
    )
    if not created:
        # A new block is purged by the post_save receiver; an existing one may have missed posts
        # stored since (e.g. announced ones), so purge again.
        purge_blocked_domain(block.domain)
    return block


def purge_blocked_domain(domain: str) -> int:
    """Posts of a blocked server (by their source, or by their own id) leave the feed, in one
    query whatever the size of the feed. The domain covers its subdomains and any port."""
    domain = re.escape(domain.strip().lower().rstrip("."))
    host = rf"([^/?#@]*\.)?{domain}(:[0-9]+)?"
    by_source = Q(actor__domain__iregex=rf"^{host}$")
    by_id = Q(object_id__iregex=rf"^[a-z][a-z0-9+.-]*://([^/?#@]*@)?{host}([/?#]|$)")
    deleted, _rows = RemotePost.objects.filter(by_source | by_id).delete()
    return deleted
