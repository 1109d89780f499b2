"""Outgoing activities: record them, fan out one delivery per unique inbox, sign and POST each,
retry with growing back-off and jitter over about two days, then give up and say why."""

from __future__ import annotations

import datetime as dt
import logging
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from . import fetch, signatures
from .conf import setting
from .models import Actor, Delivery, DomainBlock, Follow, HostHealth, OutboxActivity
from .queueing import BULK, REALTIME, enqueue_durably, lane

logger = logging.getLogger(__name__)

# Seconds to wait after the n-th failed attempt: about 44 hours in all, then we give up.
RETRY_DELAYS = (60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 57600)
JITTER = 0.1
AP_CONTENT_TYPE = 'application/activity+json; charset="utf-8"'


def retry_at(attempts: int, now: dt.datetime, rng: random.Random | None = None):
    """When to try again after `attempts` failed attempts, or None to give up. Pure."""
    if attempts < 1 or attempts > len(RETRY_DELAYS):
        return None
    delay = RETRY_DELAYS[attempts - 1]
    jitter = (rng or random).uniform(-JITTER, JITTER) * delay
    return now + dt.timedelta(seconds=delay + jitter)


def new_activity_id() -> uuid.UUID:
    return uuid.uuid4()


def record_activity(actor: Actor, document: dict, *, obj=None, public=True, activity_uuid=None):
    """Store an activity we send; its document's id is the row's URI."""
    activity = OutboxActivity(
        uuid=activity_uuid or new_activity_id(),
        actor=actor,
        activity_type=document.get("type", ""),
        object=obj,
        public=public,
        document=document,
    )
    activity.document = {**document, "id": activity.uri}
    activity.save()
    return activity


def follower_inboxes(actor: Actor) -> list[str]:
    """One inbox per follower server: the shared inbox when it has one."""
    inboxes = []
    follows = Follow.objects.filter(
        local_actor=actor, direction=Follow.INCOMING, state=Follow.ACCEPTED
    ).select_related("remote_actor")
    for follow in follows:
        inbox = follow.remote_actor.delivery_inbox
        if inbox:
            inboxes.append(inbox)
    return list(dict.fromkeys(inboxes))


def fan_out(
    activity: OutboxActivity, inboxes: list[str] | None = None, *, lane_name: str = BULK
) -> list[int]:
    """Create one Delivery per unique inbox (followers' by default) and queue each in the lane
    `lane_name`, in the same transaction (see `queueing.enqueue_durably`)."""
    if inboxes is None:
        inboxes = follower_inboxes(activity.actor)
    rows = []
    blocked = set(DomainBlock.objects.values_list("domain", flat=True))
    for inbox in dict.fromkeys(inboxes):
        host = (urlsplit(inbox).hostname or "").lower()
        if not host or DomainBlock.candidates(host) & blocked:
            continue
        rows.append(Delivery(activity=activity, inbox_url=inbox, host=host))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    ids = list(
        Delivery.objects.filter(activity=activity, state=Delivery.PENDING).values_list(
            "pk", flat=True
        )
    )
    if lane_name == REALTIME and setting("REALTIME_IMMEDIATE") and ids:
        # What a person on another site is waiting to see (a chat message) is sent at once by
        # this process after the commit; the queued task, due a little later, is the retry
        # that also covers this process dying before it is sent (it finds a delivered row and
        # does nothing).
        # A backend that cannot defer (the immediate one of the tests) runs the task at once.
        task = deliver_task(lane_name=lane_name)
        if task.get_backend().supports_defer:
            later = timezone.now() + dt.timedelta(seconds=setting("REALTIME_FALLBACK_SECONDS"))
            for pk in ids:
                enqueue_durably(task.using(run_after=later), pk)
            transaction.on_commit(lambda: _attempt_soon(ids, lane_name))
            return ids
    enqueue_deliveries(ids, lane_name)
    return ids


_immediate_pool: ThreadPoolExecutor | None = None


def _attempt_soon(ids: list[int], lane_name: str) -> None:
    global _immediate_pool
    if _immediate_pool is None:
        _immediate_pool = ThreadPoolExecutor(
            max_workers=setting("REALTIME_THREADS"), thread_name_prefix="federation-now"
        )
    for pk in ids:
        _immediate_pool.submit(_attempt_now, pk, lane_name)


def _attempt_now(delivery_id: int, lane_name: str) -> None:
    close_old_connections()
    try:
        attempt_delivery(delivery_id, task=deliver_task(lane_name=lane_name))
    except Exception:  # noqa: BLE001 - the queued task retries it
        logger.exception("immediate delivery %s failed; its queued task will retry", delivery_id)
    finally:
        connection.close()


def deliver_task(run_after=None, lane_name: str = BULK):
    """The deliver task in its lane; FEDERATION_DELIVERY_QUEUE, when set, puts every delivery on
    that one queue (the delivery benchmark uses it to keep signed and unsigned workers apart)."""
    task = lane(deliver, lane_name)
    queue = setting("DELIVERY_QUEUE")
    if queue and queue != task.queue_name:
        task = task.using(queue_name=queue)
    if run_after is not None:
        task = task.using(run_after=run_after)
    return task


def enqueue_deliveries(ids: list[int], lane_name: str = BULK) -> None:
    task = deliver_task(lane_name=lane_name)
    for pk in ids:
        enqueue_durably(task, pk)


def send(actor: Actor, document: dict, *, obj=None, public=True, inboxes=None, lane_name=BULK):
    """Record an activity by `actor` and deliver it (to its followers unless `inboxes`); the
    activity, its deliveries and their tasks are written in one transaction."""
    with transaction.atomic():
        activity = record_activity(actor, document, obj=obj, public=public)
        fan_out(activity, inboxes, lane_name=lane_name)
    return activity


def _circuit_open(host: str, now: dt.datetime) -> HostHealth | None:
    health = HostHealth.objects.filter(host=host, open_until__gt=now).first()
    return health


def _record_failure(host: str, error: str, now: dt.datetime, *, hard: bool) -> None:
    health, _ = HostHealth.objects.get_or_create(host=host)
    HostHealth.objects.filter(pk=health.pk).update(
        consecutive_failures=F("consecutive_failures") + 1, last_error=error[:500]
    )
    health.refresh_from_db()
    # A timeout or refused connection opens the circuit at once, so a dead or hanging server
    # costs one timeout per period, not one per queued delivery.
    if hard or health.consecutive_failures >= setting("CIRCUIT_FAILURES"):
        seconds = setting("CIRCUIT_OPEN_SECONDS") * min(health.consecutive_failures, 6)
        HostHealth.objects.filter(pk=health.pk).update(
            open_until=now + dt.timedelta(seconds=seconds)
        )


def _record_success(host: str) -> None:
    HostHealth.objects.filter(host=host).exclude(consecutive_failures=0, open_until=None).update(
        consecutive_failures=0, open_until=None, last_error=""
    )


#: How many of the deliveries that waited for a host that is back go in the realtime lane (the
#: newest: a chat message, an Accept); the rest go in the bulk lane behind them.
BACK_REALTIME = 100


def host_is_back(netloc: str, now: dt.datetime | None = None) -> int:
    """A verified activity came from the server `netloc` (host[:port]): it is up. Close its
    circuit and queue at once what waited for it, instead of at the end of the rest period (a
    restarted site would otherwise see its groups' live messages only minutes later). Returns
    how many deliveries were queued again."""
    netloc = netloc.lower()
    if (
        not HostHealth.objects.filter(host=netloc)
        .exclude(open_until=None)
        .update(consecutive_failures=0, open_until=None, last_error="")
    ):
        return 0
    now = now or timezone.now()
    hostname = (urlsplit(f"//{netloc}").hostname or "").lower()
    waiting = [
        pk
        for pk, inbox in Delivery.objects.filter(host=hostname, state=Delivery.RETRYING)
        .order_by("-pk")
        .values_list("pk", "inbox_url")
        if urlsplit(inbox).netloc.lower() == netloc
    ]
    Delivery.objects.filter(pk__in=waiting).update(next_attempt_at=now)
    enqueue_deliveries(waiting[:BACK_REALTIME], REALTIME)
    enqueue_deliveries(waiting[BACK_REALTIME:], BULK)
    return len(waiting)


def sign_post(activity: OutboxActivity, inbox_url: str, body: bytes, rfc9421: bool) -> dict:
    actor = activity.actor
    headers = {"Content-Type": AP_CONTENT_TYPE, "Accept": fetch.AP_ACCEPT}
    if not setting("SIGN_DELIVERIES"):
        return headers
    sign = signatures.sign_rfc9421 if rfc9421 else signatures.sign_cavage
    return sign(
        "POST",
        inbox_url,
        key_id=actor.key_id,
        private_key_pem=actor.private_key_pem,
        body=body,
        headers=headers,
    )


def signer_for(actor: Actor):
    """A `signer(method, url) -> headers` for `fetch.fetch_json`: GETs signed as `actor`
    (authorized fetch of a private group's collections)."""

    def sign(method: str, url: str) -> dict:
        return signatures.sign_cavage(
            method, url, key_id=actor.key_id, private_key_pem=actor.private_key_pem, headers={}
        )

    return sign


def attempt_delivery(delivery_id: int, now: dt.datetime | None = None, *, task=None) -> str:
    """Try one delivery once; idempotent (a delivered or abandoned row is left alone). A retry
    is queued as `task` (the running one: same lane), or in the bulk lane."""
    delivery = Delivery.objects.select_related("activity__actor").filter(pk=delivery_id).first()
    if delivery is None or delivery.state in {
        Delivery.DELIVERED,
        Delivery.GAVE_UP,
        Delivery.SKIPPED,
    }:
        return delivery.state if delivery else "missing"
    now = now or timezone.now()
    if DomainBlock.is_blocked(delivery.host):
        _finish(delivery, Delivery.SKIPPED, error="domain blocked")
        return Delivery.SKIPPED
    # The circuit is per server (host and port): one dead server must not stop its neighbours.
    circuit = urlsplit(delivery.inbox_url).netloc.lower()
    if _circuit_open(circuit, now):
        # Not an attempt: the host is resting. Try again when its circuit closes.
        return _schedule_retry(
            delivery, now, "host circuit open", count_attempt=False, circuit=circuit, task=task
        )
    body = fetch.dumps(delivery.activity.document)
    rfc9421 = delivery.host in set(setting("RFC9421_HOSTS"))
    headers = sign_post(delivery.activity, delivery.inbox_url, body, rfc9421)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        result = fetch.post(delivery.inbox_url, body, headers)
    except fetch.BlockedAddress as exc:
        delivery.save(update_fields=["attempts", "last_attempt_at"])
        _finish(delivery, Delivery.GAVE_UP, error=str(exc))
        return Delivery.GAVE_UP
    except fetch.FetchError as exc:
        delivery.save(update_fields=["attempts", "last_attempt_at"])
        _record_failure(circuit, str(exc), now, hard=True)
        return _schedule_retry(delivery, now, str(exc), task=task)
    delivery.status_code = result.status
    delivery.save(update_fields=["attempts", "last_attempt_at", "status_code"])
    if 200 <= result.status < 300:
        _record_success(circuit)
        _finish(delivery, Delivery.DELIVERED)
        return Delivery.DELIVERED
    error = f"HTTP {result.status}: {result.text[:200]}"
    if 400 <= result.status < 500 and result.status not in {408, 429}:
        # The peer refuses this activity; resending the same bytes will not change its mind.
        _record_success(circuit)
        _finish(delivery, Delivery.GAVE_UP, error=error)
        return Delivery.GAVE_UP
    _record_failure(circuit, error, now, hard=False)
    return _schedule_retry(delivery, now, error, task=task)


@task(takes_context=True)
def deliver(context, delivery_id: int) -> str:
    """POST one activity to one inbox (one Delivery row), or schedule its next attempt in the
    same lane. Delivery is at least once: a worker that dies mid-POST has the task run again,
    and the receiving inbox deduplicates by activity id."""
    return attempt_delivery(delivery_id, task=context.task_result.task)


def _finish(delivery: Delivery, state: str, error: str = "") -> None:
    delivery.state = state
    delivery.next_attempt_at = None
    if error:
        delivery.last_error = error[:2000]
    delivery.save(update_fields=["state", "next_attempt_at", "last_error"])


def _schedule_retry(
    delivery: Delivery, now, error: str, count_attempt: bool = True, circuit: str = "", task=None
) -> str:
    when = retry_at(max(delivery.attempts, 1), now)
    if count_attempt and when is None:
        _finish(
            delivery, Delivery.GAVE_UP, error=f"gave up after {delivery.attempts} attempts: {error}"
        )
        return Delivery.GAVE_UP
    if not count_attempt:
        health = HostHealth.objects.filter(host=circuit).first()
        when = max(when or now, health.open_until if health and health.open_until else now)
    delivery.state = Delivery.RETRYING
    delivery.next_attempt_at = when
    delivery.last_error = error[:2000]
    delivery.save(update_fields=["state", "next_attempt_at", "last_error"])
    enqueue_retry(delivery.pk, when, task=task)
    return Delivery.RETRYING


def enqueue_retry(delivery_id: int, when: dt.datetime, *, task=None) -> bool:
    """Queue the next attempt for `when`, as `task` (same lane) or in the bulk lane. Backends
    that cannot defer (the immediate backend of the tests) leave the row for `retry_due()`,
    which a periodic job runs."""
    if not (task or deliver).get_backend().supports_defer:
        return False
    retry = task.using(run_after=when) if task is not None else deliver_task(run_after=when)
    enqueue_durably(retry, delivery_id)
    return True


def retry_due(now: dt.datetime | None = None) -> int:
    """Queue every delivery whose retry time has come, and every delivery still pending long
    after it was made (its task was lost: queued after a commit by a backend that failed)."""
    now = now or timezone.now()
    forgotten = now - dt.timedelta(seconds=setting("PENDING_SWEEP_SECONDS"))
    with transaction.atomic():
        due = Delivery.objects.select_for_update().filter(
            Q(state__in=[Delivery.PENDING, Delivery.RETRYING], next_attempt_at__lte=now)
            | Q(state=Delivery.PENDING, next_attempt_at__isnull=True, created_at__lte=forgotten)
        )
        ids = list(due.values_list("pk", flat=True))
        # A pending row queued again is looked at again only after as long: a long backlog
        # does not get a copy of its tasks on every sweep.
        Delivery.objects.filter(
            pk__in=ids, state=Delivery.PENDING, next_attempt_at__isnull=True
        ).update(next_attempt_at=now + dt.timedelta(seconds=setting("PENDING_SWEEP_SECONDS")))
    # A sweep commits nothing the tasks need; one that fails to queue is redone by the next.
    task = deliver_task()
    for pk in ids:
        task.enqueue(pk)
    return len(ids)


@task()
def retry_due_deliveries() -> int:
    """`retry_due` for task schedulers (what `manage.py federation_retry` does)."""
    return retry_due()
