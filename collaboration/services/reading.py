"""What a person has read: read markers, unread counts and mentions."""

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Membership, Mention, Message, ReadMarker, Topic
from .errors import ChatError, forbidden
from .ids import parse_id
from .layer import notify_user


def mark_read(user, topic_id, message_id):
    """Move the person's read marker of a topic forward (never back)."""
    topic_id, message_id = parse_id(topic_id), parse_id(message_id)
    try:
        if topic_id is None or message_id is None:
            raise Topic.DoesNotExist
        topic = Topic.objects.select_related("group").get(pk=topic_id)
    except Topic.DoesNotExist:
        raise ChatError("not_found", _("This topic does not exist.")) from None
    if not permissions.can_post(user, topic.group):
        raise forbidden()
    with transaction.atomic():
        marker, _created = ReadMarker.objects.get_or_create(user=user, topic=topic)
        if message_id > marker.last_read_message_id:
            marker.last_read_message_id = message_id
            marker.save(update_fields=["last_read_message_id"])
        Mention.objects.filter(
            user=user, read=False, message__topic=topic, message_id__lte=message_id
        ).update(read=True)
        notify_user(
            user.pk,
            {
                "type": "chat.read",
                "group_id": topic.group_id,
                "topic_id": topic.pk,
                "last_read": marker.last_read_message_id,
            },
        )
    return marker


def unread_counts(user):
    """Unread messages per group and topic for the person's groups, in one query.

    Returns {group_id: {"total": n, "topics": {topic_id: n}}}.
    """
    if user is None or not user.is_authenticated:
        return {}
    marker = ReadMarker.objects.filter(user_id=user.pk, topic_id=OuterRef("topic_id")).values(
        "last_read_message_id"
    )[:1]
    rows = (
        Message.objects.filter(
            group__memberships__user_id=user.pk,
            group__memberships__state=Membership.State.ACTIVE,
            deleted_at__isnull=True,
        )
        .exclude(author_id=user.pk)
        .annotate(last_read=Coalesce(Subquery(marker), Value(0)))
        .filter(pk__gt=F("last_read"))
        .values("group_id", "topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        entry = counts.setdefault(row["group_id"], {"total": 0, "topics": {}})
        entry["topics"][row["topic_id"]] = row["n"]
        entry["total"] += row["n"]
    return counts


def mentions_for(user, unread_only=False):
    """The person's mentions in groups they can still read, newest first."""
    if user is None or not user.is_authenticated:
        return Mention.objects.none()
    qs = Mention.objects.filter(
        user=user,
        message__group__in=permissions.member_groups(user).values("pk"),
        message__deleted_at__isnull=True,
    ).select_related("message__author", "message__topic", "message__group")
    if unread_only:
        qs = qs.filter(read=False)
    return qs
