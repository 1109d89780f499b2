"""Who is in a group: joining, asking, inviting, approving, roles, leaving and removal.

Each change tells the person's open connections, which re-check their rights.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions, signals
from ..models import Membership
from .errors import ChatError, forbidden
from .layer import notify_user


def _membership_changed(group, user_id, by=None):
    """Tell the person's open connections their rights changed (they reconnect or close), and
    the apps listening (federation tells the person's site)."""
    membership = Membership.objects.filter(group=group, user_id=user_id).first()
    signals.membership_changed.send(
        sender=Membership, group=group, user_id=user_id, membership=membership, by=by
    )
    notify_user(user_id, {"type": "chat.membership", "group_id": group.pk})


def join_group(user, group):
    """Join an open group, or accept an invitation."""
    group = group.discussion
    membership = permissions.get_membership(user, group)
    if not permissions.can_join(user, group, membership):
        if membership is not None and membership.is_active:
            return membership
        raise ChatError("forbidden", _("This group cannot be joined directly."))
    with transaction.atomic():
        if membership is None:
            membership = Membership.objects.create(group=group, user=user)
        else:
            membership.state = Membership.State.ACTIVE
            membership.save(update_fields=["state"])
        _membership_changed(group, user.pk)
    return membership


def request_membership(user, group):
    """Ask the convenors of an approval group to let the person in."""
    group = group.discussion
    membership = permissions.get_membership(user, group)
    if membership is not None:
        return membership
    if not permissions.can_request(user, group, membership):
        raise ChatError("forbidden", _("This group does not take requests to join."))
    return Membership.objects.create(group=group, user=user, state=Membership.State.REQUESTED)


def _managed(actor, group):
    group = group.discussion
    if not permissions.can_manage_members(actor, group):
        raise forbidden()
    return group


def approve_request(actor, group, user):
    """A convenor lets in a person who asked to join."""
    group = _managed(actor, group)
    with transaction.atomic():
        updated = Membership.objects.filter(
            group=group, user=user, state=Membership.State.REQUESTED
        ).update(state=Membership.State.ACTIVE)
        if not updated:
            raise ChatError("not_found", _("There is no such request."))
        _membership_changed(group, user.pk, by=actor)


def invite_to_group(actor, group, user):
    """A convenor invites a person to the group (which lets in a person who had asked)."""
    group = _managed(actor, group)
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"state": Membership.State.INVITED}
    )
    if not created and membership.state == Membership.State.BLOCKED:
        raise ChatError(
            "blocked", _("This person is blocked from the group: unblock them before inviting.")
        )
    if not created and membership.state == Membership.State.REQUESTED:
        # Inviting someone who asked is saying yes.
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
        _membership_changed(group, user.pk, by=actor)
    return membership


def change_role(actor, group, user, role):
    """A convenor changes a member's role; the group keeps at least one convenor."""
    group = _managed(actor, group)
    if role not in Membership.Role.values:
        raise ChatError("invalid", _("Unknown role."))
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is None:
            raise ChatError("not_found", _("This person is not a member."))
        if membership.role == Membership.Role.CONVENOR and role != Membership.Role.CONVENOR:
            _keep_a_convenor(group, membership)
        membership.role = role
        membership.save(update_fields=["role"])
        _membership_changed(group, user.pk, by=actor)
    return membership


def _keep_a_convenor(group, leaving):
    others = (
        Membership.objects.filter(
            group=group, role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
        )
        .exclude(pk=leaving.pk)
        .exists()
    )
    if not others:
        raise ChatError("last_convenor", _("A group needs at least one convenor."))


def remove_member(actor, group, user):
    """Remove a member (convenor), decline a request, or withdraw an invitation."""
    group = _managed(actor, group)
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is None:
            return
        if membership.role == Membership.Role.CONVENOR:
            _keep_a_convenor(group, membership)
        membership.delete()
        _membership_changed(group, user.pk, by=actor)


def block_member(actor, group, user):
    """A convenor removes a person and keeps them out: they cannot rejoin, ask to join or be
    invited until a convenor unblocks them (`remove_member` on the blocked row). A person of
    another site is told (Reject) and their site's posts to the group are refused."""
    group = _managed(actor, group)
    if user.pk == actor.pk:
        raise ChatError("invalid", _("You cannot block yourself."))
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is not None and membership.role == Membership.Role.CONVENOR:
            _keep_a_convenor(group, membership)
        membership, _created = Membership.objects.update_or_create(
            group=group,
            user=user,
            defaults={"state": Membership.State.BLOCKED, "role": Membership.Role.MEMBER},
        )
        _membership_changed(group, user.pk, by=actor)
    return membership


def leave_group(user, group):
    """The person leaves the group; its last convenor cannot."""
    group = group.discussion
    with transaction.atomic():
        membership = permissions.get_membership(user, group)
        if membership is None or membership.state == Membership.State.BLOCKED:
            # Leaving does not lift a block: only a convenor does.
            return
        if membership.role == Membership.Role.CONVENOR and not group.is_direct:
            _keep_a_convenor(group, membership)
        membership.delete()
        _membership_changed(group, user.pk)
