"""Template tags of working groups: the unread counts in the site header."""

from django import template

from .. import services
from ..views import unread_for

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
