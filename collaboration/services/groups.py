"""Working groups and direct conversations: find one, create one."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import i18n
from ..models import Membership, WorkingGroup
from .errors import ChatError
from .serialise import display_name


def get_group(slug):
    """The discussion row of the group with this slug (any translation's slug), or None.

    One query: the first-created row of the translations of the first row with this slug.
    """
    group = i18n.source_of_first(WorkingGroup.objects.filter(slug=slug))
    if group is not None:
        group._discussion = group
    return group


def create_group(
    name,
    *,
    slug=None,
    description="",
    visibility=WorkingGroup.Visibility.PUBLIC,
    join_policy=WorkingGroup.JoinPolicy.APPROVAL,
    convenor=None,
    kind=WorkingGroup.Kind.GROUP,
):
    """Create a working group (in the default locale) and make `convenor` its first convenor."""
    with transaction.atomic():
        group = WorkingGroup.objects.create(
            name=name,
            slug=slug or slugify(name)[:100],
            description=description,
            visibility=visibility,
            join_policy=join_policy,
            kind=kind,
        )
        if convenor is not None:
            Membership.objects.create(group=group, user=convenor, role=Membership.Role.CONVENOR)
    return group


def open_direct_conversation(a, b):
    """The private conversation of two members, created the first time; idempotent."""
    if a.pk == b.pk:
        raise ChatError("invalid", _("You cannot open a conversation with yourself."))
    low, high = sorted([a, b], key=lambda u: u.pk)
    slug = f"dm-{low.pk}-{high.pk}"
    existing = WorkingGroup.objects.filter(slug=slug, kind=WorkingGroup.Kind.DIRECT).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            group = WorkingGroup.objects.create(
                name=f"{display_name(low)} · {display_name(high)}",
                slug=slug,
                visibility=WorkingGroup.Visibility.PRIVATE,
                join_policy=WorkingGroup.JoinPolicy.INVITATION,
                kind=WorkingGroup.Kind.DIRECT,
            )
            for user in (low, high):
                Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    except IntegrityError:
        return WorkingGroup.objects.get(slug=slug, kind=WorkingGroup.Kind.DIRECT)
    return group


def direct_conversations(user):
    """The person's direct conversations, with their members loaded."""
    return WorkingGroup.objects.filter(
        kind=WorkingGroup.Kind.DIRECT,
        memberships__user_id=user.pk,
        memberships__state=Membership.State.ACTIVE,
    ).prefetch_related("memberships__user")
