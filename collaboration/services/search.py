"""Searching messages in the groups a person may read."""

from .. import permissions
from .serialise import message_queryset


def search_messages(user, query, limit=50):
    """Messages containing `query` in the groups the person may read."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    groups = permissions.readable_groups(user).values("pk")
    return list(
        message_queryset()
        .select_related("group")
        .filter(group__in=groups, deleted_at__isnull=True, body__icontains=query)
        .order_by("-pk")[:limit]
    )
