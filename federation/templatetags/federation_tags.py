"""Template tags a site uses to show a page's fediverse reach: likes and shares, the handle."""

from django import template
from django.db.models import Count

from ..conf import site_host
from ..models import Actor, Interaction

register = template.Library()


@register.simple_tag
def federation_interactions(page) -> dict:
    """{"likes": n, "shares": n} for a page's translation group (one query)."""
    key = getattr(page, "translation_key", None)
    counts = {"likes": 0, "shares": 0}
    if key is None:
        return counts
    rows = (
        Interaction.objects.filter(object__translation_key=key)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for kind, n in rows:
        counts["likes" if kind == Interaction.LIKE else "shares"] += n
    return counts


@register.simple_tag
def federation_handle(page) -> str:
    """`@name@host` of the actor a page is (an organisation, a project), or ""."""
    key = getattr(page, "translation_key", None)
    actor = Actor.objects.filter(translation_key=key).only("username").first() if key else None
    return f"@{actor.username}@{site_host()}" if actor else ""
