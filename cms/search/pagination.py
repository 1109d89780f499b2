"""Forgiving pagination of every list of the site: listings, search results, faceted selections."""

from django.conf import settings
from django.core.paginator import Paginator

PAGE_SIZE = 10


def paginate(request, items, per_page=None, *, count=None):
    """The requested page of `items`, clamped to a valid page: ?page=abc or ?page=99999 never raise.

    A word gives the first page, a number past the end the last page. `count`, when the caller
    has already counted the items, spares the paginator a second COUNT query.
    """
    paginator = Paginator(items, per_page or getattr(settings, "CMS_PAGE_SIZE", PAGE_SIZE))
    if count is not None:
        paginator.count = count
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)
