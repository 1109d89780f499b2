"""Reading a group's messages back: older pages, and what a reconnecting client missed."""

from ..conf import setting
from .serialise import message_queryset


def history(group, *, before=None, topic_id=None, limit=None):
    """The page of messages before `before` (newest last), and whether older ones exist."""
    limit = limit or setting("PAGE_SIZE")
    qs = message_queryset().filter(group=group.discussion)
    if topic_id:
        qs = qs.filter(topic_id=topic_id)
    if before:
        qs = qs.filter(pk__lt=before)
    page = list(qs.order_by("-pk")[: limit + 1])
    has_more = len(page) > limit
    return list(reversed(page[:limit])), has_more


def messages_after(group, last_id, limit=None):
    """What a reconnecting client missed: messages after `last_id`, oldest first."""
    limit = limit or setting("RESUME_LIMIT")
    qs = message_queryset().filter(group=group.discussion, pk__gt=last_id).order_by("pk")
    page = list(qs[: limit + 1])
    return page[:limit], len(page) > limit


def changed_since(group, last_id, since):
    """Messages up to `last_id` edited, deleted, or whose reactions changed, after `since`."""
    qs = message_queryset().filter(group=group.discussion, pk__lte=last_id, changed_at__gt=since)
    return list(qs.order_by("pk")[: setting("RESUME_LIMIT")])
