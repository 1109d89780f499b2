"""Anonymous visitors' page views, served from the cache.

A published page looks the same to every visitor who sends no cookie: no session (so not signed
in), no CSRF token, no flash message. Such views of Wagtail pages are stored whole in the default
cache (Redis in production) and answered from it without touching the database. Nothing personal
is ever stored:

- only GET requests that carry no cookie at all, to an address with a language prefix, are
  looked up or stored;
- only Wagtail page views (marked by the `before_serve_page` hook in `wagtail_hooks`), answered
  200, that set no cookie (a page with a form sets the CSRF cookie, so it is never stored) and are
  not marked private or no-store;
- the key is Django's own (the absolute URL and the request headers the response varies on),
  under a generation number that publishing, unpublishing, moving or deleting any page, or a
  change of what pages show besides pages (themes, fee bands, the network feed), moves on: a
  visitor never sees a page older than the last publication.

`PAGE_CACHE_SECONDS` (0 turns the cache off) bounds what only time changes, such as an event
moving from "upcoming" to "past". It is on by default only with a shared cache (`REDIS_URL`):
with a per-process cache the worker's changes to the network feed could not reach the web
process's copy.

When the cache cannot be reached, pages are served uncached (the outage is logged once, see
`cms.cache`); when it is back, the first process to see it moves the generation on, since a
publication made meanwhile could not.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_cache_key, learn_cache_key

from cms.cache import OUTAGE

GENERATION_KEY = "page-cache:generation"


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _start_generation() -> None:
    """Start counting from the clock, not from 1: if the cache loses the counter (eviction, a
    flush), pages stored under an earlier generation must not become current again."""
    cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)


def _prefix() -> str | None:
    """The current generation's key prefix, or None when the cache cannot tell (unreachable)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        _start_generation()
        generation = cache.get(GENERATION_KEY)
    return None if generation is None else f"page-cache.{generation}"


def invalidate(**_kwargs) -> None:
    """Forget every stored page view (they are left to expire under the old generation)."""
    if not seconds():
        return
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter (never set, or lost): a new one is a new generation
            _start_generation()
    except Exception as error:  # noqa: BLE001 - a cache that raises must not fail a publication
        OUTAGE.failed(error)


_outages_seen = 0


def _moved_on_after_outage() -> bool:
    """Once the cache is back after an outage, move the generation on (once per process and
    outage): what was published while it was unreachable could not do it."""
    global _outages_seen
    count = OUTAGE.count
    if count == _outages_seen or OUTAGE.down:
        return False
    invalidate()
    if OUTAGE.down:
        return False
    _outages_seen = count
    return True


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """`before_serve_page` hook: this request is a view of a page, which may be stored."""
    request._page_cache_storable = True


def _may_use(request) -> bool:
    return request.method == "GET" and not request.COOKIES and seconds() > 0


def _storable(request, response) -> bool:
    if not getattr(request, "_page_cache_storable", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


class PageCacheMiddleware:
    """Place it before SessionMiddleware: what it answers needs no session, CSRF or user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None or not _may_use(request):
            return self.get_response(request)
        # Django's keys end with request.LANGUAGE_CODE, which LocaleMiddleware sets only later
        # (from the path, for pages): set it now, or the lookup would use whatever language the
        # thread's previous request left active and miss every other language's pages.
        request.LANGUAGE_CODE = language
        prefix, stored = self._lookup(request)
        if stored is not None:
            return stored
        response = self.get_response(request)
        if prefix is not None and _storable(request, response):
            timeout = seconds()
            try:
                cache.set(
                    learn_cache_key(request, response, timeout, prefix, cache=cache),
                    response,
                    timeout,
                )
            except Exception as error:  # noqa: BLE001 - the page is served all the same
                OUTAGE.failed(error)
        return response

    def _lookup(self, request):
        """(prefix, stored response or None); (None, None) when the cache cannot be used."""
        if OUTAGE.skip():
            return None, None
        try:
            prefix = _prefix()
            if prefix is not None and _moved_on_after_outage():
                prefix = _prefix()
            if prefix is None:
                return None, None
            key = get_cache_key(request, prefix, "GET", cache=cache)
            return prefix, (None if key is None else cache.get(key))
        except Exception as error:  # noqa: BLE001 - a cache that raises must not take pages down
            OUTAGE.failed(error)
            return None, None


def connect_signals() -> None:
    """Move the generation on whenever what anonymous visitors see may have changed."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="page_cache_moved")
    for model in (Page, *_shown_models(apps)):
        label = model._meta.label
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page_cache_del_{label}")
        if model is not Page:  # a page's save is not its publication
            post_save.connect(invalidate, sender=model, dispatch_uid=f"page_cache_save_{label}")


def _shown_models(apps):
    """What pages show that is not itself a page."""
    for label in getattr(settings, "PAGE_CACHE_INVALIDATED_BY", ()):
        try:
            yield apps.get_model(label)
        except LookupError:
            continue
