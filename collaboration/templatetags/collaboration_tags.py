"""Template tags of working groups: the unread counts in the site header, a group's discussion."""

from django import template

from .. import services
from ..context import discussion_context, unread_for

register = template.Library()


@register.inclusion_tag("collaboration/includes/unread_widget.html", takes_context=True)
def collaboration_unread(context):
    """Unread messages and mentions of the signed-in member (two cheap queries); nothing else.

    The unread counts are shared with the page (a discussion shows them per topic): one query.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    counts = unread_for(request)
    return {
        "show": True,
        "total": sum(c["total"] for c in counts.values()),
        "mentions": services.mentions_for(user, unread_only=True).count(),
        "request": request,
    }


@register.simple_tag(takes_context=True)
def group_discussion(context, group):
    """`{% group_discussion group as discussion %}`: what the discussion template needs, or None
    for a visitor who may not read the group (the page type's template asks it)."""
    request = context.get("request")
    if request is None or group is None:
        return None
    return discussion_context(request, group)["discussion"]
