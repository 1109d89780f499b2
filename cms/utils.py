"""Helpers shared by the site's pages and views: forgiving pagination, pages in the visitor's language."""

from django.conf import settings
from django.core.paginator import Paginator
from wagtail.models import Locale, Page

PAGE_SIZE = 10


def paginate(request, items, per_page=None):
    """The requested page of `items`, clamped to a valid page: ?page=abc or ?page=99999 never raise.

    A word gives the first page, a number past the end the last page.
    """
    paginator = Paginator(items, per_page or getattr(settings, "CMS_PAGE_SIZE", PAGE_SIZE))
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)


def localized_pages(pages, locale=None):
    """Each page replaced by its live translation in `locale` (a Locale or its id; the active one
    by default), in one query.

    Page references (featured pages, related publications) are synchronised from the source
    language; a visitor should follow them to the version in their own language when it exists.
    """
    pages = [p for p in pages if p is not None]
    if not pages:
        return []
    locale_id = locale if isinstance(locale, int) else (locale or Locale.get_active()).pk
    keys = {p.translation_key for p in pages if p.locale_id != locale_id}
    translated = {}
    if keys:
        for page in (
            Page.objects.live()
            .filter(translation_key__in=keys, locale_id=locale_id)
            .specific()
            .select_related("locale")
        ):
            translated[page.translation_key] = page
    result = []
    for page in pages:
        if page.locale_id == locale_id:
            result.append(page)
        elif page.translation_key in translated:
            result.append(translated[page.translation_key])
        elif page.live:
            result.append(page)
    return result


def absolute_page_url(page, request=None):
    """The page's address on the site's public origin (SITE_URL), for feeds, sitemaps and calendars."""
    url = page.get_url(request) or ""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url
