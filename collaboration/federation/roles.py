"""Roles across sites: who moderates a group, told by the group's home site.

A group of ours announces a change of its moderators as FEP-1b12 and Lemmy do,
`Add{object: person, target: <group>/moderators}` or `Remove{...}`, numbered in its log; our
term `rencontres:role` says which role (`convenor` or `moderator`). A site keeping a copy of the
group applies it to the person's membership there, so it shows the role; it never grants
anything on the strength of its copy: moderation by its people is sent to the group's site, which
checks their rights itself (`services.delete_message` there). Add and Remove come from the
group's own actor only.
"""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_save, pre_delete, pre_save

from federation import fetch, registry
from federation.activitystreams import id_of
from federation.conf import site_url
from federation.inbox import Refused, local_actor_from_uri
from federation.models import Actor

from .. import services
from ..models import Membership
from ..permissions import MODERATOR_ROLES
from . import erasure
from .actors import PERSON_KIND, group_path, is_hostable, person_actor
from .fetching import get_signed
from .models import HostedGroup, Participant, RemoteGroup
from .outgoing import announce
from .participants import participant_user, remote_actor_for

logger = logging.getLogger(__name__)

ROLE_TERM = "rencontres:role"
_KINDS = {"Add", "Remove"}


def moderators_url(hosted: HostedGroup) -> str:
    return f"{group_path(hosted.actor)}/moderators"


def person_uri(user, create: bool = True) -> str | None:
    """The person's actor (made if `create`), None while they are being erased (their Delete
    says it all)."""
    participant = Participant.objects.filter(user_id=user.pk).select_related("actor").first()
    if participant is not None:
        uri = participant.actor.uri
        return None if erasure.receiving_delete_of(uri) else uri
    actor = (
        person_actor(user)
        if create
        else Actor.objects.filter(kind=PERSON_KIND, object_key=str(user.pk)).first()
    )
    return None if actor is None or actor.gone_at is not None else actor.uri


# -- a group of ours --------------------------------------------------------------------------


def _is_moderating(role, state) -> bool:
    return role in MODERATOR_ROLES and state == Membership.State.ACTIVE


def announce_role(group, user_id: int, role: str | None, create: bool = True) -> int | None:
    """Announce that the person now moderates the group of ours with `role` (`Add`), or no
    longer does (`Remove`, role None), to its member servers; returns its number in the log,
    or None when no other site takes part in the group."""
    if not is_hostable(group):
        return None
    hosted = HostedGroup.objects.filter(group=group).select_related("actor", "group").first()
    user = get_user_model().objects.filter(pk=user_id).first()
    uri = person_uri(user, create) if hosted is not None and user is not None else None
    if uri is None:
        return None
    inner = {
        "id": f"{moderators_url(hosted)}#{uuid.uuid4()}",
        "type": "Add" if role else "Remove",
        "actor": hosted.actor.uri,
        "object": uri,
        "target": moderators_url(hosted),
        "audience": hosted.actor.uri,
    }
    if role:
        inner[ROLE_TERM] = role
    return announce(hosted, inner)


def _remember_role(sender, instance, raw=False, **kwargs):
    """Before a membership is saved: whether (and how) the person moderated until now."""
    if raw or instance.pk is None or instance._state.adding:
        instance._moderating_before = None
        return
    before = Membership.objects.filter(pk=instance.pk).values_list("role", "state").first()
    instance._moderating_before = before[0] if before and _is_moderating(*before) else None


def on_membership_saved(sender, instance, created=False, raw=False, **kwargs):
    """A role given or taken (`services.change_role`, a block, an approval): the group says
    so when it changed who moderates, or how."""
    if raw:
        return
    before = getattr(instance, "_moderating_before", None)
    now = instance.role if _is_moderating(instance.role, instance.state) else None
    if before != now:
        announce_role(instance.group, instance.user_id, now)


def on_membership_deleted(sender, instance, **kwargs):
    """A moderator left or was removed: they no longer moderate. (An erasure deletes their
    memberships too: their actor is gone by then, and the Delete of it says enough.)"""
    if _is_moderating(instance.role, instance.state):
        announce_role(instance.group, instance.user_id, None, create=False)


# -- a group of another site -----------------------------------------------------------------------


def _moderators_of(remote: RemoteGroup) -> str | None:
    document = remote.actor.document or {}
    for key in ("moderators", "attributedTo"):
        value = document.get(key)
        if isinstance(value, str) and fetch.same_origin(value, remote.actor.uri):
            return value
    return None


def _is_actor_id(uri) -> bool:
    return isinstance(uri, str) and uri.startswith(("https://", "http://")) and len(uri) <= 1000


def _ours(uri: str) -> bool:
    return uri.startswith(site_url() + "/")


def _user_for(uri: str):
    """Our account for a person named by the group: one of ours, or a person of another site."""
    if _ours(uri):
        actor = local_actor_from_uri(uri)
        if actor is None or actor.kind != PERSON_KIND or actor.gone_at is not None:
            return None
        return get_user_model().objects.filter(pk=actor.object_key).first()
    return participant_user(remote_actor_for(uri))


def _set_role(remote: RemoteGroup, user, role: str, create: bool) -> bool:
    group = remote.group
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        if not create:
            return False
        membership = Membership.objects.create(
            group=group, user=user, state=Membership.State.ACTIVE, role=role
        )
    elif membership.role != role:
        Membership.objects.filter(pk=membership.pk).update(role=role)
    else:
        return False
    # Their open pages (and ours) re-read their rights and badges.
    services.notify_user(user.pk, {"type": "chat.membership", "group_id": group.pk})
    return True


def apply_role(remote: RemoteGroup, inner: dict) -> str:
    """Apply an `Add`/`Remove` of the group's moderators to our copy of the group."""
    kind = inner.get("type")
    target = id_of(inner.get("target"))
    if not target or target != _moderators_of(remote):
        return "ignored: not the group's moderators"
    uri = id_of(inner.get("object"))
    if not _is_actor_id(uri):
        raise Refused(400, f"{kind} without a person")
    user = _user_for(uri)
    if user is None:
        return "ignored: unknown person"
    if kind == "Add":
        role = inner.get(ROLE_TERM)
        if role not in MODERATOR_ROLES:
            role = Membership.Role.MODERATOR
        # One of ours is a member only once the group accepted them.
        _set_role(remote, user, role, create=not _ours(uri))
        return "moderator added"
    _set_role(remote, user, Membership.Role.MEMBER, create=False)
    return "moderator removed"


def learn_moderators(remote: RemoteGroup) -> int:
    """On joining: read the group's moderators collection (signed fetch) and mark them here;
    the exact role comes with the group's log. Returns how many were marked."""
    url = _moderators_of(remote)
    if url is None:
        return 0
    try:
        document = get_signed(remote, url)
        items = document.get("orderedItems", document.get("items"))
        if items is None and isinstance(document.get("first"), str):
            page = get_signed(remote, document["first"])
            items = page.get("orderedItems", page.get("items"))
    except fetch.FetchError as exc:
        logger.info("cannot read the moderators of %s: %s", remote, exc)
        return 0
    marked = 0
    for item in (items if isinstance(items, list) else [])[:100]:
        uri = id_of(item)
        if not _is_actor_id(uri):
            continue
        user = _user_for(uri)
        if user is None:
            continue
        membership = Membership.objects.filter(group=remote.group, user=user).first()
        if membership is not None and membership.role in MODERATOR_ROLES:
            continue
        if _set_role(remote, user, Membership.Role.MODERATOR, create=not _ours(uri)):
            marked += 1
    return marked


def on_add_or_remove(document, remote, inbox_actor):
    """Add/Remove posted to our inbox: only a group of another site changes its moderators, and
    our own groups' moderators are chosen here."""
    target = id_of(document.get("target"))
    group = RemoteGroup.objects.filter(actor=remote).select_related("actor", "group").first()
    if group is not None:
        return apply_role(group, document)
    copies = RemoteGroup.objects.filter(
        Q(actor__document__moderators=target) | Q(actor__document__attributedTo=target)
    )
    if target and copies.exists():
        raise Refused(403, "only the group itself changes its moderators")
    if target and target.startswith(f"{site_url()}/ap/wg/"):
        raise Refused(403, "this group's moderators are chosen by its convenors, on its site")
    return None


def register() -> None:
    registry.register_inbox_handler(list(_KINDS), on_add_or_remove)
    uid = "collaboration_federation.roles"
    pre_save.connect(_remember_role, sender=Membership, dispatch_uid=f"{uid}.before")
    post_save.connect(on_membership_saved, sender=Membership, dispatch_uid=f"{uid}.saved")
    pre_delete.connect(on_membership_deleted, sender=Membership, dispatch_uid=f"{uid}.deleted")
