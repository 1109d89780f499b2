"""Invitations across sites: a convenor of one of our groups invites `@person@host`, and the
person answers on their own site.

On the group's site (A): `invite_remote_person` makes the person's account here with an invited
membership and sends `Invite` (actor and object the group, target the person) from the group's
actor; the invitation stays open as long as a pending incoming `Follow` row (person -> group)
carries the Invite's id. `Accept` of the Invite by the person lets them in (`join_group`, and
the group's `Accept` of their membership, as for a `Follow`); `Reject` of it withdraws them;
a convenor withdrawing the invitation (removing or blocking the invited row) sends `Undo` of it.

On the person's site (B): an `Invite` from the group (or from someone of the group's server, as
Mobilizon sends them, for a group known here) makes our copy of the group with the person
invited. The person accepts with the group's ordinary Join button (`join_group`) and declines
with Leave (`leave_group`): this module answers those verbs with `Accept` or `Reject` of the
Invite, in the verb's transaction. An `Undo` or `Reject` of the Invite from the group removes it.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federation import registry
from federation import remote as federation_remote
from federation.activitystreams import AS_CONTEXT, follow_reference, id_of
from federation.conf import site_host, site_url
from federation.delivery import send
from federation.fetch import FetchError, same_origin, split_handle
from federation.inbox import Ignored, Refused, local_actor_from_uri, send_accept
from federation.models import DomainBlock, Follow, InboxItem, OutboxActivity, RemoteActor
from federation.queueing import REALTIME

from .. import permissions, services, signals
from ..models import Membership
from ..services import ChatError
from .actors import GROUP_KIND, PERSON_KIND, hosted_group, is_hostable, person_actor
from .joining import mirror_group
from .models import HostedGroup, Participant, RemoteGroup
from .outgoing import _current as applying_now
from .outgoing import applying
from .participants import participant_of, participant_user

INVITE = "Invite"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class InviteError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _bare(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "@context"}


def _inbox(actor: RemoteActor) -> str:
    return actor.inbox or actor.shared_inbox


# -- on the group's site: inviting ----------------------------------------------------------


def invite_remote_person(convenor, group, handle: str) -> Membership:
    """A convenor invites `@person@host` (a person of another site) to a group of ours."""
    group = group.discussion
    if not permissions.can_manage_members(convenor, group):
        raise InviteError(_("Only the group's convenors can invite people."))
    if not is_hostable(group):
        raise InviteError(_("Only this site's own groups can invite people of other sites."))
    handle = (handle or "").strip()
    name, host = split_handle(handle)
    if not handle.startswith(("http://", "https://")) and (not name or not host):
        raise InviteError(_("Enter the person's address, such as @name@network.example."))
    if len(handle) > 500:
        raise InviteError(_("Enter the person's address, such as @name@network.example."))
    if host.lower() == site_host().lower():
        raise InviteError(_("This person is on this site: invite them by their user name."))
    if host and DomainBlock.is_blocked(host.split(":")[0].lower()):
        raise InviteError(_("This person's server is blocked here."))
    try:
        actor = federation_remote.lookup(handle)
    except (federation_remote.RemoteActorError, FetchError, ValueError) as exc:
        raise InviteError(
            _("That person could not be found: %(reason)s") % {"reason": exc}
        ) from exc
    if actor.blocked:
        raise InviteError(_("This person is blocked here."))
    if actor.actor_type != "Person":
        raise InviteError(_("That address is not a person."))
    if not _inbox(actor):
        raise InviteError(_("That person cannot be invited: their site gives no inbox."))
    hosted = hosted_group(group)
    user = participant_user(actor)
    with transaction.atomic():
        existing = permissions.get_membership(user, group)
        if existing is not None and existing.is_active:
            raise InviteError(_("This person is already a member."))
        if existing is not None and existing.state == Membership.State.INVITED:
            raise InviteError(_("This person is already invited."))
        try:
            membership = services.invite_to_group(convenor, group, user)
        except ChatError as exc:
            raise InviteError(exc.message) from exc
        if membership.state != Membership.State.INVITED:
            # They had asked to join: inviting them said yes, and their Follow is accepted.
            return membership
        invite = send(
            hosted.actor,
            {
                "@context": AS_CONTEXT,
                "id": "",
                "type": INVITE,
                "actor": hosted.actor.uri,
                "object": hosted.actor.uri,
                "target": actor.uri,
                "to": [actor.uri],
                "published": timezone.now().isoformat(),
            },
            public=False,
            inboxes=[_inbox(actor)],
            lane_name=REALTIME,
        )
        Follow.objects.update_or_create(
            local_actor=hosted.actor,
            remote_actor=actor,
            direction=Follow.INCOMING,
            defaults={"state": Follow.PENDING, "activity_id": invite.uri},
        )
    return membership


def _our_invite(obj) -> OutboxActivity | None:
    """The Invite one of our groups sent that `obj` (an id or an embedded Invite) names."""
    uri = id_of(obj)
    prefix = f"{site_url()}/ap/activities/"
    if not isinstance(uri, str) or not uri.startswith(prefix):
        return None
    key = uri[len(prefix) :].strip("/").lower()
    if not _UUID.match(key):
        return None
    return (
        OutboxActivity.objects.filter(uuid=key, activity_type=INVITE, actor__kind=GROUP_KIND)
        .select_related("actor")
        .first()
    )


def _names_an_invite(obj) -> bool:
    return isinstance(obj, dict) and obj.get("type") == INVITE


def _answered_invite(document, remote):
    """(the Invite, its group, the invited person's account) for an answer to one of our
    invitations, or None when the answer is about something else."""
    obj = document.get("object")
    invite = _our_invite(obj)
    if invite is None:
        if _names_an_invite(obj) and same_origin(id_of(obj) or "", site_url()):
            raise Ignored("answer to an invitation we did not send")
        return None
    hosted = HostedGroup.objects.filter(actor=invite.actor).select_related("group", "actor").first()
    if hosted is None:
        raise Ignored("the group of this invitation is gone")
    if id_of(invite.document.get("target")) != remote.uri:
        raise Refused(403, "only the person invited can answer this invitation")
    return invite, hosted, participant_user(remote)


def _tell_refused(hosted: HostedGroup, remote: RemoteActor, answer_id: str) -> None:
    """Their site took the person in when they accepted: tell it they are not (or no longer)."""
    if not _inbox(remote):
        return
    send(
        hosted.actor,
        {
            "@context": AS_CONTEXT,
            "id": "",
            "type": "Reject",
            "actor": hosted.actor.uri,
            "object": follow_reference(answer_id, remote.uri, hosted.actor.uri),
            "to": [remote.uri],
        },
        public=False,
        inboxes=[_inbox(remote)],
        lane_name=REALTIME,
    )


def _accepted(document, remote, found):
    invite, hosted, user = found
    group = hosted.group
    membership = permissions.get_membership(user, group)
    follows = Follow.objects.filter(
        local_actor=hosted.actor, remote_actor=remote, direction=Follow.INCOMING
    )
    if membership is not None and membership.is_active:
        return "already a member"
    if membership is None or membership.state != Membership.State.INVITED:
        blocked = membership is not None and membership.state == Membership.State.BLOCKED
        follows.filter(state=Follow.PENDING).delete()
        _tell_refused(hosted, remote, document["id"])
        return "refused: blocked from this group" if blocked else "refused: invitation withdrawn"
    try:
        with applying(document):
            services.join_group(user, group)
    except ChatError as exc:
        raise Refused(403, str(exc.message)) from exc
    follow, _created = Follow.objects.update_or_create(
        local_actor=hosted.actor,
        remote_actor=remote,
        direction=Follow.INCOMING,
        defaults={"state": Follow.ACCEPTED, "activity_id": document["id"]},
    )
    # The same Accept a Follow gets: their site then reads the group's log and hears from it.
    send_accept(follow.pk)
    return "joined the group (invitation accepted)"


def _declined(document, remote, found):
    invite, hosted, user = found
    membership = permissions.get_membership(user, hosted.group)
    if membership is None or membership.state != Membership.State.INVITED:
        raise Ignored("no open invitation to decline")
    Follow.objects.filter(
        local_actor=hosted.actor,
        remote_actor=remote,
        direction=Follow.INCOMING,
        state=Follow.PENDING,
    ).delete()
    with applying(document):
        services.leave_group(user, hosted.group)
    return "invitation declined"


# -- on the person's site: invitations received -----------------------------------------------


def _invited_person(document):
    target = document.get("target")
    uri = id_of(target)
    if not isinstance(uri, str) or not uri:
        raise Refused(400, "an Invite names the person invited in `target`")
    actor = local_actor_from_uri(uri)
    user = None
    if actor is not None and actor.kind == PERSON_KIND:
        user = get_user_model().objects.filter(pk=actor.object_key, is_active=True).first()
    if user is None or participant_of(user) is not None:
        raise Refused(400, "the person invited is not on this site")
    return actor, user


def _inviting_group(document, remote) -> RemoteActor:
    """The group an Invite is to: its actor (the signer), or a group known here whose own server
    the signer is on (Mobilizon sends the inviting member as the actor)."""
    uri = id_of(document.get("object"))
    if not isinstance(uri, str) or not uri:
        raise Refused(400, "an Invite names the group in `object`")
    if uri == remote.uri:
        group = remote
    elif same_origin(uri, remote.uri):
        group = RemoteActor.objects.filter(uri=uri).first()
        if group is None:
            raise Refused(403, "only the group itself can invite to a group unknown here")
    else:
        raise Refused(403, "only the group, or someone of its server, can invite to it")
    if group.actor_type != "Group":
        raise Refused(400, "only invitations to a group are taken")
    if group.blocked:
        raise Refused(403, "this group is blocked")
    if not _inbox(group):
        raise Refused(400, "the group gives no inbox to answer to")
    return group


def on_invite(document, remote, inbox_actor):
    if local_actor_from_uri(id_of(document.get("object"))) is not None:
        return None  # an invitation to something of ours: not a group of another site
    person, user = _invited_person(document)
    group_actor = _inviting_group(document, remote)
    copy = mirror_group(group_actor)
    group = copy.group
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is not None and membership.is_active:
        return "already a member"
    if membership is None:
        Membership.objects.create(group=group, user=user, state=Membership.State.INVITED)
    elif membership.state != Membership.State.INVITED:
        # Waiting for an answer to a Follow: the group's invitation supersedes it.
        Membership.objects.filter(pk=membership.pk).update(state=Membership.State.INVITED)
    services.notify_user(user.pk, {"type": "chat.membership", "group_id": group.pk})
    return "invitation received"


def _received_invite(uri) -> InboxItem | None:
    if not isinstance(uri, str) or not uri:
        return None
    return InboxItem.objects.filter(activity_id=uri, activity_type=INVITE).first()


def _withdrawn(document, remote, item: InboxItem):
    """The group takes back its invitation: our copy's invited membership goes."""
    payload = item.payload or {}
    group_uri = id_of(payload.get("object"))
    if remote.uri not in (item.actor_uri, group_uri):
        raise Refused(403, "only the group can withdraw its invitation")
    copy = RemoteGroup.objects.filter(actor__uri=group_uri).select_related("group").first()
    person = local_actor_from_uri(id_of(payload.get("target")))
    if copy is None or person is None or person.kind != PERSON_KIND:
        raise Ignored("no such invitation here")
    membership = Membership.objects.filter(
        group=copy.group, user_id=person.object_key, state=Membership.State.INVITED
    ).first()
    if membership is None:
        return "invitation already answered"
    with applying(document):
        services.leave_group(membership.user, copy.group)
    return "invitation withdrawn"


def _open_invite(copy: RemoteGroup, person_uri: str) -> dict | None:
    """The latest Invite to this group for this person that this site received."""
    origin = copy.actor.uri.split("/", 3)[:3]
    items = InboxItem.objects.filter(
        activity_type=INVITE, actor_uri__startswith="/".join(origin) + "/"
    ).order_by("-received_at", "-pk")[:200]
    for item in items:
        payload = item.payload or {}
        if id_of(payload.get("object")) == copy.actor.uri and (
            id_of(payload.get("target")) == person_uri
        ):
            return payload
    return None


def _answer_to_group(copy: RemoteGroup, person, kind: str, invite: dict):
    return send(
        person,
        {
            "@context": AS_CONTEXT,
            "id": "",
            "type": kind,
            "actor": person.uri,
            "object": {
                k: invite[k] for k in ("id", "type", "actor", "object", "target") if k in invite
            },
            "to": [copy.actor.uri],
        },
        public=False,
        inboxes=[_inbox(copy.actor)],
        lane_name=REALTIME,
    )


# -- inbox handlers -------------------------------------------------------------------------


def on_accept(document, remote, inbox_actor):
    found = _answered_invite(document, remote)
    return _accepted(document, remote, found) if found is not None else None


def on_reject(document, remote, inbox_actor):
    found = _answered_invite(document, remote)
    if found is not None:
        return _declined(document, remote, found)
    item = _received_invite(id_of(document.get("object")))
    return _withdrawn(document, remote, item) if item is not None else None


def on_undo(document, remote, inbox_actor):
    obj = document.get("object")
    item = _received_invite(id_of(obj))
    if item is None:
        if _names_an_invite(obj):
            raise Ignored("no such invitation here")
        return None
    return _withdrawn(document, remote, item)


# -- what the membership verbs mean for an invitation ---------------------------------------


def on_membership_changed(sender, group, user_id, membership, by=None, **kwargs):
    if applying_now() is not None:
        return  # an activity received is being applied: its handler answers it
    if group.origin:
        _answer_invitation(group, user_id, membership)
    elif is_hostable(group):
        _withdraw_invitation(group, user_id, membership)


def _withdraw_invitation(group, user_id, membership):
    """A convenor removed or blocked a person invited from another site: the invitation is
    taken back there (`Undo` of the Invite)."""
    if membership is not None and membership.state != Membership.State.BLOCKED:
        return
    participant = Participant.objects.filter(user_id=user_id).select_related("actor").first()
    hosted = HostedGroup.objects.filter(group=group).select_related("actor").first()
    if participant is None or hosted is None:
        return
    follow = Follow.objects.filter(
        local_actor=hosted.actor,
        remote_actor=participant.actor,
        direction=Follow.INCOMING,
        state=Follow.PENDING,
    ).first()
    invite = _our_invite(follow.activity_id) if follow is not None else None
    if invite is None:
        return
    follow.delete()
    if not _inbox(participant.actor):
        return
    send(
        hosted.actor,
        {
            "@context": AS_CONTEXT,
            "id": "",
            "type": "Undo",
            "actor": hosted.actor.uri,
            "object": _bare(invite.document),
            "to": [participant.actor.uri],
        },
        public=False,
        inboxes=[_inbox(participant.actor)],
        lane_name=REALTIME,
    )


def _answer_invitation(group, user_id, membership):
    """A person of ours joined (Accept) or left (Reject) a group of another site that invited
    them, before their site asked to join it: the group is told."""
    if membership is not None and not membership.is_active:
        return
    copy = RemoteGroup.objects.filter(group=group).select_related("actor").first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if copy is None or user is None or participant_of(user) is not None or not _inbox(copy.actor):
        return
    person = person_actor(user)
    follows = Follow.objects.filter(
        local_actor=person, remote_actor=copy.actor, direction=Follow.OUTGOING
    )
    if follows.exists():
        return  # joined by a Follow: leaving is its Undo (outgoing)
    invite = _open_invite(copy, person.uri)
    if invite is None:
        return
    if membership is None:
        _answer_to_group(copy, person, "Reject", invite)
        return
    accept = _answer_to_group(copy, person, "Accept", invite)
    # As a join request: the group's Accept of it (a Follow's) confirms it and starts the sync,
    # and leaving later sends its Undo.
    Follow.objects.create(
        local_actor=person,
        remote_actor=copy.actor,
        direction=Follow.OUTGOING,
        state=Follow.PENDING,
        activity_id=accept.uri,
    )


def register() -> None:
    """Called from the app's ready() before `incoming.register()` and `outgoing.connect()`: these
    handlers see Accept, Reject and Undo first and return None for what is not an invitation."""
    registry.register_inbox_handler(INVITE, on_invite)
    registry.register_inbox_handler("Accept", on_accept)
    registry.register_inbox_handler("Reject", on_reject)
    registry.register_inbox_handler("Undo", on_undo)
    signals.membership_changed.connect(
        on_membership_changed, dispatch_uid="collaboration_federation.invitations"
    )
