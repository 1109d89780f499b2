"""Joining a working group of another site: find it by its handle, keep a copy of it here, and
ask to join it with the person's actor (`Follow`); the group's `Accept` lets them in."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from federation import remote as federation_remote
from federation.activitystreams import AS_CONTEXT
from federation.conf import site_host
from federation.delivery import send
from federation.fetch import FetchError
from federation.models import Follow
from federation.queueing import REALTIME
from federation.sanitize import clean_html, clean_text

from ..models import Membership, WorkingGroup
from .actors import person_actor
from .models import RemoteGroup
from .participants import participant_of


class JoinError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _local_slug(name: str, host: str) -> str:
    base = slugify(f"{name}-{host.split(':')[0]}")[:90] or "group"
    candidate, n = base, 1
    while WorkingGroup.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def mirror_group(remote_actor) -> RemoteGroup:
    """Our copy of a group of another site, made the first time one of our people joins it."""
    existing = RemoteGroup.objects.filter(actor=remote_actor).select_related("group").first()
    if existing is not None:
        return existing
    document = remote_actor.document or {}
    private = not document.get("discoverable", False)
    # What another server says is sanitised here once: the group's page shows its description.
    name = clean_text(remote_actor.name or remote_actor.username or remote_actor.domain, 200)
    try:
        with transaction.atomic():
            group = WorkingGroup.objects.create(
                name=name,
                slug=_local_slug(remote_actor.username or name, remote_actor.domain),
                description=clean_html(remote_actor.summary),
                visibility=(
                    WorkingGroup.Visibility.PRIVATE if private else WorkingGroup.Visibility.PUBLIC
                ),
                # Joined through the group's own site, never directly here.
                join_policy=WorkingGroup.JoinPolicy.INVITATION,
                origin=remote_actor.domain,
            )
            return RemoteGroup.objects.create(group=group, actor=remote_actor)
    except IntegrityError:
        return RemoteGroup.objects.select_related("group").get(actor=remote_actor)


def join_remote_group(user, handle: str):
    """Ask to join the group `@name@host`. Returns (our copy of the group, membership state)."""
    if participant_of(user) is not None or not user.is_active:
        raise JoinError(_("Only people of this site can join groups from here."))
    handle = (handle or "").strip()
    if not handle or len(handle) > 500:
        raise JoinError(_("Enter the group's address, such as @group@network.example."))
    host = handle.rsplit("@", 1)[-1].lower() if "@" in handle else ""
    if host == site_host().lower():
        raise JoinError(_("This group is on this site: join it from its page."))
    try:
        actor = federation_remote.lookup(handle)
    except (federation_remote.RemoteActorError, FetchError, ValueError) as exc:
        raise JoinError(_("That group could not be found: %(reason)s") % {"reason": exc}) from exc
    if actor.actor_type != "Group":
        raise JoinError(_("That address is not a group."))
    if not (actor.inbox or actor.shared_inbox):
        raise JoinError(_("That group cannot be joined: its site gives no inbox."))
    remote = mirror_group(actor)
    group = remote.group
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            group=group, user=user, defaults={"state": Membership.State.REQUESTED}
        )
        if not created and membership.is_active:
            return group, membership.state
        person = person_actor(user)
        follow_document = {
            "@context": AS_CONTEXT,
            "id": "",
            "type": "Follow",
            "actor": person.uri,
            "object": actor.uri,
            "to": [actor.uri],
        }
        activity = send(
            person,
            follow_document,
            public=False,
            inboxes=[actor.inbox or actor.shared_inbox],
            lane_name=REALTIME,
        )
        Follow.objects.update_or_create(
            local_actor=person,
            remote_actor=actor,
            direction=Follow.OUTGOING,
            defaults={"state": Follow.PENDING, "activity_id": activity.uri},
        )
    return group, membership.state
