"""Erasure across sites: a person erased here is deleted on the sites that know them, and a
person of another site who deleted their account is erased here.

- Erasing one of our people who has a `Person` actor sends `Delete{object: their actor}` (what
  Mastodon sends for a deleted account; nothing else about them) to the groups of other sites
  they joined and to the member servers of our groups they were in. It is written inside the
  erasure's transaction (`signals.participant_erasing`, before their memberships go), so it
  commits or rolls back with it. The actor row stays as a tombstone (410 Gone) holding only the
  key that signs the Delete, and is removed once every delivery is made or given up.
- A `Delete` of a person of another site, signed by that person, erases their account here
  through `services.erase_participant` (their messages stay, by "Former member") and is
  announced in our groups they were in, so the groups' member servers erase their copy too.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from federation import inbox as federation_inbox
from federation import registry
from federation.activitystreams import AS_CONTEXT, id_of
from federation.conf import site_url
from federation.delivery import follower_inboxes, send
from federation.inbox import Refused
from federation.models import Actor, Delivery, Follow, RemoteActor
from federation.queueing import DEFAULT

from .. import services, signals
from ..models import Membership
from . import objects
from .models import PERSON_KIND, HostedGroup, Participant, RemoteGroup
from .outgoing import announce

_UNFINISHED = (Delivery.PENDING, Delivery.RETRYING)

# The Delete being applied (received or announced): our groups announce it to their servers.
_received: ContextVar[dict | None] = ContextVar("collaboration_federation_erasing", default=None)


@contextlib.contextmanager
def _receiving(document: dict):
    token = _received.set(document)
    try:
        yield
    finally:
        _received.reset(token)


# -- one of our people is erased ------------------------------------------------------------------


def _servers_knowing(user) -> list[str]:
    """The inboxes of the servers that keep a copy of the person: the groups of other sites
    they joined (or asked to) and the member servers of our groups they were in."""
    inboxes = []
    memberships = Membership.objects.filter(user=user).values_list("group_id", flat=True)
    for remote in RemoteGroup.objects.filter(group_id__in=memberships).select_related("actor"):
        inboxes.append(remote.actor.delivery_inbox)
    for hosted in HostedGroup.objects.filter(group_id__in=memberships).select_related("actor"):
        inboxes.extend(follower_inboxes(hosted.actor))
    return [inbox for inbox in dict.fromkeys(inboxes) if inbox]


def delete_person_actor(user) -> Actor | None:
    """Send `Delete` of the person's actor to every server that knows them and make the actor a
    tombstone; returns it (None when they never took part across sites). Inside a transaction."""
    actor = Actor.objects.filter(kind=PERSON_KIND, object_key=str(user.pk)).first()
    if actor is None or actor.gone_at is not None:
        return None
    inboxes = _servers_knowing(user)
    for follow in Follow.objects.filter(local_actor=actor).select_related("remote_actor"):
        inboxes.append(follow.remote_actor.delivery_inbox)
    inboxes = [inbox for inbox in dict.fromkeys(inboxes) if inbox]
    # Emptied: the username stays only in the actor's id, which the Delete must name. It stays
    # the account's actor (account ids are never reused), so nothing makes them a new one.
    Actor.objects.filter(pk=actor.pk).update(gone_at=timezone.now(), name="", summary="")
    actor.refresh_from_db()
    Follow.objects.filter(local_actor=actor).delete()
    if inboxes:
        document = {
            "@context": AS_CONTEXT,
            "id": "",
            "type": "Delete",
            "actor": actor.uri,
            "object": actor.uri,
            "to": [objects.PUBLIC],
        }
        send(actor, document, public=False, inboxes=inboxes, lane_name=DEFAULT)
    forget_gone_actors()
    return actor


def forget_gone_actors() -> int:
    """Remove the tombstones whose Delete has been delivered or given up everywhere: their key
    and username go, with the activities and deliveries that named them."""
    gone = Actor.objects.filter(gone_at__isnull=False).exclude(
        activities__deliveries__state__in=_UNFINISHED
    )
    return gone.delete()[1].get(Actor._meta.label, 0)


def receiving_delete_of(uri: str) -> bool:
    """Whether the Delete of this person's actor is being applied (their erasure is under way)."""
    document = _received.get()
    return document is not None and id_of(document.get("object")) == uri


def on_participant_erasing(sender, user, **kwargs):
    participant = Participant.objects.filter(user_id=user.pk).select_related("actor").first()
    if participant is None:
        delete_person_actor(user)
        return
    document = _received.get()
    if document is None or id_of(document.get("object")) != participant.actor.uri:
        return
    # Their own site told us: the member servers of our groups they were in hear it from us,
    # in the groups' logs (they may not know the person's site).
    groups = Membership.objects.filter(user=user).values_list("group_id", flat=True)
    inner = {k: v for k, v in document.items() if k != "@context"}
    for hosted in HostedGroup.objects.filter(group_id__in=groups).select_related("actor", "group"):
        announce(hosted, inner)


def on_delivery_saved(sender, instance, update_fields=None, **kwargs):
    """The last delivery of a tombstone's Delete is finished: the tombstone goes."""
    if instance.state in _UNFINISHED or not update_fields or "state" not in update_fields:
        return
    actor = instance.activity.actor
    if actor.gone_at is None:
        return
    if not Delivery.objects.filter(activity__actor=actor, state__in=_UNFINISHED).exists():
        forget_gone_actors()


# -- a person of another site deleted their account -------------------------------------------------


def erase_remote_person(participant: Participant, document: dict) -> None:
    """Erase a person of another site here, as a local erasure does, and delete their account."""
    user = participant.user
    with transaction.atomic(), _receiving(document):
        services.erase_participant(user)
        user.delete()


def on_delete(document, remote, inbox_actor):
    target = id_of(document.get("object"))
    if not target:
        return None
    participant = Participant.objects.filter(actor__uri=target).select_related("user").first()
    if participant is None:
        # Not someone who takes part here: the federation app's own handler (or "ignored").
        return None
    if target != remote.uri:
        raise Refused(403, "only a person can delete their own account")
    erase_remote_person(participant, document)
    federation_inbox.handle_delete(document, remote, inbox_actor)
    return "person erased"


def apply_announced_delete(remote_group: RemoteGroup, inner: dict) -> str:
    """A group of another site announces that one of its members deleted their account."""
    target = id_of(inner.get("object"))
    if not target or target != id_of(inner.get("actor")):
        return "ignored: not a person's own Delete"
    if target.startswith(site_url() + "/"):
        return "ignored: one of our people"
    participant = Participant.objects.filter(actor__uri=target).select_related("user").first()
    if participant is None:
        return "ignored: unknown person"
    erase_remote_person(participant, inner)
    RemoteActor.objects.filter(uri=target).update(public_key_pem="")
    return "person erased"


def connect() -> None:
    signals.participant_erasing.connect(
        on_participant_erasing, dispatch_uid="collaboration_federation.erasing"
    )
    post_save.connect(
        on_delivery_saved, sender=Delivery, dispatch_uid="collaboration_federation.tombstones"
    )
    registry.register_inbox_handler("Delete", on_delete)
