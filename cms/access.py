"""Who may do what in the network: who is a member, which organisation an account acts for, who
may co-sign a statement, and the "Members" group that follows membership.

Pages, views, forms, template tags and the members' services all ask here; it imports no views
or forms, and of the models only the accounts and the vocabularies.
"""

from django.contrib.auth.models import Group

from cms.models.choices import CURRENT_MEMBERSHIP, OrganisationKind
from cms.models.membership import MemberProfile

MEMBERS_GROUP = "Members"


def members_group():
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    return group


def is_network_member(user) -> bool:
    """A signed-in member of the network (or the secretariat): may see contact details, members'
    pages and member prices. Computed once per request (cached on the user object).

    It reads the "Members" group, as Wagtail's page privacy does, so the two never disagree; the
    group follows the organisation's membership status (`sync_member_access`)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_is_network_member", None)
    if cached is None:
        cached = user.is_staff or user.groups.filter(name=MEMBERS_GROUP).exists()
        user._is_network_member = cached
    return cached


def forget_network_member(user):
    """Drop what `is_network_member` remembered of `user` (its organisation changed)."""
    user.__dict__.pop("_is_network_member", None)


def member_organisation(user):
    """The organisation (source page) a signed-in user acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    return profile.organisation if profile else None


def can_cosign(organisation) -> bool:
    """Members of the network and allied networks may ask to co-sign a joint statement."""
    return organisation is not None and (
        organisation.membership_status in CURRENT_MEMBERSHIP
        or organisation.kind == OrganisationKind.ALLIED_NETWORK
    )


def sync_member_access(user_ids):
    """Give the "Members" group to exactly those of these accounts whose organisation is a member
    today (member, associate, committee): the accounts of a former member, of an organisation that
    is not a member, or no longer linked to one lose it.

    The one place members' access is decided. The group is what members-only pages (Wagtail's page
    privacy) and `is_network_member` check; the receivers in cms/members/receivers.py call this
    whenever an organisation or a member account is saved or deleted."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    current = set(
        MemberProfile.objects.filter(
            user_id__in=user_ids, organisation__membership_status__in=CURRENT_MEMBERSHIP
        ).values_list("user_id", flat=True)
    )
    group = members_group()
    if current:
        group.user_set.add(*current)
    if user_ids - current:
        group.user_set.remove(*(user_ids - current))


#: The permission of the secretariat's registration screens (participants' personal data).
PARTICIPANTS_PERMISSION = "cms_events.view_participants"


def can_see_participants(user) -> bool:
    """Only the secretariat (staff with the permission) sees who registered for an event."""
    return bool(
        user and user.is_authenticated and user.is_staff and user.has_perm(PARTICIPANTS_PERMISSION)
    )
