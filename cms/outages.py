"""When a backing service is unreachable: log it once (not per request), and answer a clear 503.

`Outage` is what one process knows of one component (the cache, the database): reachable, or
down since when. It logs the change, a reminder now and then while it lasts, and the recovery,
instead of a traceback per request, and tells callers when to try the component again.

`DatabaseUnavailableMiddleware` and `server_error` (the site's `handler500`) answer a request
that failed because the database could not be reached with a 503 page in the visitor's language,
rendered from a template that needs no database, with `Retry-After`.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

# What a database that cannot be reached raises (refused, gone, closed connection, locked file).
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class Outage:
    """One component's reachability as this process sees it.

    `failed()` after an error: the first one logs a warning, later ones only a reminder every
    `remind_every` seconds; `skip()` says whether to spare the component a call (for
    `retry_after` seconds after a failure, so an unreachable service costs one timeout per
    interval, not one per call); `succeeded()` ends the outage and logs how long it lasted.
    `count` grows by one per outage: callers learn from it that one happened meanwhile.
    """

    def __init__(self, name, *, retry_after=5.0, remind_every=60.0, log=logger):
        self.name = name
        self.retry_after = retry_after
        self.remind_every = remind_every
        self.log = log
        self.down_since = None
        self.retry_at = 0.0
        self.last_logged = 0.0
        self.count = 0
        self.error = ""
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def skip(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error) -> None:
        now = time.monotonic()
        with self._lock:
            self.error = f"{type(error).__name__}: {error}"
            self.retry_at = now + self.retry_after
            if self.down_since is None:
                self.down_since = now
                self.last_logged = now
                self.count += 1
                self.log.warning("%s unreachable (%s): going on without it", self.name, self.error)
            elif now - self.last_logged >= self.remind_every:
                self.last_logged = now
                self.log.warning(
                    "%s still unreachable after %.0f s (%s)",
                    self.name,
                    now - self.down_since,
                    self.error,
                )

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            lasted = time.monotonic() - self.down_since
            self.down_since = None
            self.error = ""
        self.log.warning("%s reachable again after %.0f s", self.name, lasted)


DATABASE = Outage("database")


def _language(request) -> str:
    """The visitor's language from the address, else their browser's, without the database."""
    codes = {code for code, _name in settings.LANGUAGES}
    lang = translation.get_language_from_path(request.path_info)
    if lang in codes:
        return lang
    lang = translation.get_language_from_request(request, check_path=False)
    return lang if lang in codes else settings.LANGUAGE_CODE


def unavailable_response(request) -> HttpResponse:
    """503, in the visitor's language, from a template that reads nothing from the database."""
    lang = _language(request)
    with translation.override(lang):
        body = render_to_string("503.html", {"LANGUAGE_CODE": lang, "home": f"/{lang}/"})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = lang
    # Logged once per outage by DATABASE, not once per request by Django's request logger.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """A view that failed because the database is unreachable answers 503, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            DATABASE.failed(exception)
            return unavailable_response(request)
        return None


def database_connected(sender, connection, **kwargs):
    """`connection_created` receiver: a new connection is the sign that the database is back."""
    DATABASE.succeeded()


def server_error(request):
    """`handler500`: the 503 page when the database caused it (an error in a middleware, which
    `process_exception` does not see), Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        DATABASE.failed(error)
        return unavailable_response(request)
    return defaults.server_error(request)
