"""The network feed's listing for the NetworkFeedPage template (kept out of the page model, which
the feed's queries depend on)."""

from django import template

from ..feed.present import feed_listing

register = template.Library()


@register.simple_tag
def network_feed(request) -> dict:
    """`{% network_feed request as feed %}`: `feed.posts` (in the visitor's language),
    `feed.page`, the filters `feed.source`/`feed.kind`, their choices `feed.sources`/`feed.kinds`,
    and `feed.query` (the filters as a query string for the pagination links)."""
    return feed_listing(request)
