"""Health checks for load balancers and operators: liveness and readiness.

- `/healthz` (liveness): the process answers HTTP. It touches nothing else, so that a database
  or Redis outage does not get healthy processes restarted.
- `/readyz` (readiness): JSON with the state of each component this process depends on,
  `{"status": "ok" | "degraded" | "down", "components": {name: {"state": ..., ...}}}`. It answers
  200 while the site can serve pages (degraded components listed: pages are then served
  uncached, live discussion is paused, the task backlog grows) and 503 when the database cannot
  be reached, so that the balancer sends visitors to another process.
"""

import asyncio
import time
from datetime import timedelta

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cms.outages import DATABASE_ERRORS

UP, DOWN, DEGRADED = "up", "down", "degraded"
# How long the channel layer may take to accept a message before it counts as down.
LAYER_TIMEOUT_SECONDS = 2.0
# Ready tasks waiting longer than this mean that no worker is taking them.
TASK_AGE_LIMIT_SECONDS = 300


def healthz(request):
    """Liveness: the process is up. Needs no database, cache or channel layer."""
    return HttpResponse("ok", content_type="text/plain")


def _error(error) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def database_state() -> dict:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS as error:
        # Do not keep a broken connection for the next request of this thread.
        connection.close_if_unusable_or_obsolete()
        return {"state": DOWN, "vendor": connection.vendor, "error": _error(error)}
    return {"state": UP, "vendor": connection.vendor}


def cache_state() -> dict:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    ping = getattr(cache, "ping", None)
    if ping is None:
        # A per-process cache (no REDIS_URL) is always there; nothing is shared through it.
        return {"state": UP, "backend": backend}
    try:
        ping()
    except Exception as error:  # noqa: BLE001 - any failure is the state to report
        return {"state": DOWN, "backend": backend, "error": _error(error)}
    return {"state": UP, "backend": backend}


async def _layer_send(layer):
    await layer.group_send("health.probe", {"type": "health.probe"})


def channel_layer_state() -> dict:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return {"state": DOWN, "error": "no channel layer configured"}
    backend = type(layer).__name__

    async def probe():
        await asyncio.wait_for(_layer_send(layer), LAYER_TIMEOUT_SECONDS)

    try:
        async_to_sync(probe)()
    except Exception as error:  # noqa: BLE001 - any failure is the state to report
        return {"state": DOWN, "backend": backend, "error": _error(error) or "timeout"}
    return {"state": UP, "backend": backend}


def tasks_state() -> dict:
    """The database queue's backlog: how many tasks are ready and how long the oldest waited."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return {"state": UP, "backend": backend.rsplit(".", 1)[-1]}
    from django.db.models import Case, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    # A task is due from its run_after, or from when it was queued if it has none.
    summary = ready.annotate(
        due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    ).aggregate(oldest=Min("due"))
    count = ready.count()
    running = DBTaskResult.objects.running().count()
    oldest = summary["oldest"]
    age = max(0.0, (now - oldest) / timedelta(seconds=1)) if oldest else 0.0
    state = DEGRADED if age > TASK_AGE_LIMIT_SECONDS else UP
    return {
        "state": state,
        "backend": "DatabaseBackend",
        "ready": count,
        "running": running,
        "oldest_ready_age_seconds": round(age, 1),
    }


@never_cache
def readyz(request):
    """Readiness: 200 while pages can be served (degraded parts listed), 503 without a database."""
    started = time.monotonic()
    components = {"database": database_state()}
    components["cache"] = cache_state()
    components["channel_layer"] = channel_layer_state()
    if components["database"]["state"] == UP:
        try:
            components["tasks"] = tasks_state()
        except DATABASE_ERRORS as error:
            components["tasks"] = {"state": DOWN, "error": _error(error)}
    else:
        components["tasks"] = {"state": DOWN, "error": "the queue is in the database"}
    if components["database"]["state"] != UP:
        status = DOWN
    elif all(c["state"] == UP for c in components.values()):
        status = "ok"
    else:
        status = DEGRADED
    body = {
        "status": status,
        "components": components,
        "checked_in_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if status == DOWN else 200)
