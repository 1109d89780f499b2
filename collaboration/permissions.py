"""Who may do what in a working group: the one source of truth for views, consumers and search.

Every function takes the user and the group (any translation: the rules are read on its
`discussion` row) and an optional membership already loaded, so a caller that has it saves a
query. Anonymous users are welcome to read public groups and can do nothing else.
"""

from django.db.models import Q

from .models import Membership, WorkingGroup

WRITE_ROLES = {Membership.Role.CONVENOR, Membership.Role.MODERATOR, Membership.Role.MEMBER}
MODERATOR_ROLES = {Membership.Role.CONVENOR, Membership.Role.MODERATOR}

_MISSING = object()


def get_membership(user, group):
    """The person's membership row in the group (any state), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(group_id=group.discussion.pk, user_id=user.pk).first()


def _active(user, group, membership=_MISSING):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if membership is _MISSING:
        membership = get_membership(user, group)
    if membership is None or membership.state != Membership.State.ACTIVE:
        return None
    return membership


def can_read_group(user, group, membership=_MISSING):
    """Public groups are readable by anyone; private groups and direct talks by members only."""
    if group.visibility == WorkingGroup.Visibility.PUBLIC and not group.is_direct:
        return True
    return _active(user, group, membership) is not None


def can_post(user, group, membership=_MISSING):
    """Active members write (and react); visitors of a public group only read."""
    m = _active(user, group, membership)
    return m is not None and m.role in WRITE_ROLES


def can_moderate(user, group, membership=_MISSING):
    m = _active(user, group, membership)
    return m is not None and m.role in MODERATOR_ROLES


def can_manage_members(user, group, membership=_MISSING):
    """Convenors approve, invite, change roles and remove; nobody manages a direct talk, nor
    here a copy of another site's group (its roles are that site's word, shown here)."""
    if group.is_direct or group.origin:
        return False
    m = _active(user, group, membership)
    return m is not None and m.role == Membership.Role.CONVENOR


def can_mention_all(user, group, membership=_MISSING):
    m = _active(user, group, membership)
    return m is not None and m.role == Membership.Role.CONVENOR


def can_edit_message(user, message, membership=_MISSING):
    """Only the author edits, while still a member, and never a deleted message."""
    if message.is_deleted or user is None or not user.is_authenticated:
        return False
    if message.author_id != user.pk:
        return False
    return can_post(user, message.group, membership)


def can_delete_message(user, message, membership=_MISSING):
    """The author, or a moderator or convenor of the group."""
    if message.is_deleted or user is None or not user.is_authenticated:
        return False
    if membership is _MISSING:
        membership = get_membership(user, message.group)
    if message.author_id == user.pk and can_post(user, message.group, membership):
        return True
    return can_moderate(user, message.group, membership)


def can_join(user, group, membership=_MISSING):
    """Whether the person may join at once (open groups, or accepting an invitation)."""
    if user is None or not user.is_authenticated or group.is_direct:
        return False
    if membership is _MISSING:
        membership = get_membership(user, group)
    if membership is not None:
        return membership.state == Membership.State.INVITED
    return group.join_policy == WorkingGroup.JoinPolicy.OPEN


def can_request(user, group, membership=_MISSING):
    """Whether the person may ask to join (approval groups)."""
    if user is None or not user.is_authenticated or group.is_direct:
        return False
    if membership is _MISSING:
        membership = get_membership(user, group)
    return membership is None and group.join_policy == WorkingGroup.JoinPolicy.APPROVAL


def readable_groups(user):
    """A queryset of the discussion rows the person may read (for lists, search, counts)."""
    public = Q(visibility=WorkingGroup.Visibility.PUBLIC, kind=WorkingGroup.Kind.GROUP)
    if user is None or not user.is_authenticated or not user.is_active:
        return WorkingGroup.objects.filter(public)
    mine = Membership.objects.filter(user_id=user.pk, state=Membership.State.ACTIVE).values(
        "group_id"
    )
    return WorkingGroup.objects.filter(public | Q(pk__in=mine))


def member_groups(user):
    """The discussion rows where the person is an active member."""
    if user is None or not user.is_authenticated:
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(
        memberships__user_id=user.pk, memberships__state=Membership.State.ACTIVE
    )
