"""Sending an issue: one Delivery row per recipient written with the Send in one transaction, then
worked through by the worker in batches, exactly once per recipient as far as a mail system
allows.

How "exactly once" is kept. Each row is claimed (queued -> sending, a conditional UPDATE that
only one worker can win) right before its SMTP call, and marked sent in its own transaction right
after the server accepted the message. A worker killed at any point leaves at most ONE row in
"sending": the message whose SMTP call was under way. That row is sent again when the send
resumes (the task is put back in the queue by cms/worker's lease), because the server may not
have accepted it; so that one message is at least once, every other is exactly once. We chose
at-least-once for it over at-most-once (dropping it) because a missing issue is silent while a
duplicate is visible and carries the same Message-ID (`bulletin-<send>-<delivery>`), which mail
clients and archives use to fold duplicates. The rows of a dead worker are recognised by age: a
claim older than TASKS_WORKER_LEASE_SECONDS, which is why EMAIL_TIMEOUT must be shorter.
"""

import datetime as dt
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from cms.i18n import source_page
from federation.queueing import BULK, enqueue_durably, lane

from .audience import recipients
from .conf import setting
from .email import build_message, render_issue
from .models import BLOCKED_STATES, BulletinPage, Delivery, Send, Subscriber, new_token

logger = logging.getLogger(__name__)

#: A delivery that failed for a passing reason (server down) this many times is given up.
MAX_ATTEMPTS = 5
RETRY_SECONDS = 300
CHUNK = 500


def _languages(page):
    """The languages in which `page` (a source page) has a live version."""
    return set(
        BulletinPage.objects.live()
        .filter(translation_key=page.translation_key)
        .values_list("locale__language_code", flat=True)
    )


def _queue(send, run_after=None):
    task = lane(send_bulletin_task, BULK)
    if run_after is not None and task.get_backend().supports_defer and run_after > timezone.now():
        task = task.using(run_after=run_after)
    enqueue_durably(task, send.pk)


@transaction.atomic
def schedule_send(page, *, lists=(), when=None, user=None, **audience):
    """Send the issue `page` (any of its languages) to an audience at `when` (now by default):
    the Send, one Delivery per address that may receive it, and the task, in one transaction.
    `audience`: member_accounts, member_contacts, membership, country, kind, theme,
    working_group."""
    page = source_page(page.specific)
    send = Send.objects.create(
        page=page, scheduled_at=when or timezone.now(), created_by=user, **audience
    )
    send.lists.set(lists)
    create_deliveries(send)
    _queue(send, run_after=send.scheduled_at)
    return send


#: A running batch looks whether its sending was stopped after this many messages.
STOP_CHECK_EVERY = 20


def cancel_send(send) -> bool:
    """Cancel a scheduled sending (nobody receives it), or stop one under way: the worker stops
    within STOP_CHECK_EVERY messages, and those not reached yet never receive it (their
    deliveries stay queued, never sent). False when it has already ended."""
    return bool(
        Send.objects.filter(
            pk=send.pk, state__in=[Send.State.SCHEDULED, Send.State.SENDING]
        ).update(state=Send.State.CANCELLED, finished_at=timezone.now())
    )


def create_deliveries(send):
    """One queued Delivery per recipient of `send` not unsubscribed or bounced, in the language
    they receive it in: theirs, if the issue exists in it, else the issue's source language."""
    wanted = recipients(send)
    available = _languages(send.page)
    source = send.page.locale.language_code
    emails = list(wanted)
    existing = {}
    for start in range(0, len(emails), CHUNK):
        for row in Subscriber.objects.filter(email__in=emails[start : start + CHUNK]):
            existing[row.email] = row
    now = timezone.now()
    new = [
        Subscriber(
            email=email,
            origin=origin,
            language="",
            state=Subscriber.State.CONFIRMED,
            confirmed_at=now,
        )
        for email, (_language, origin) in wanted.items()
        if email not in existing
    ]
    Subscriber.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    if new:
        created = [row.email for row in new]
        for start in range(0, len(created), CHUNK):
            for row in Subscriber.objects.filter(email__in=created[start : start + CHUNK]):
                existing[row.email] = row
    deliveries = []
    for email, (language, _origin) in wanted.items():
        subscriber = existing.get(email)
        if subscriber is None or subscriber.state in BLOCKED_STATES:
            continue
        chosen = subscriber.language or language or source
        deliveries.append(
            Delivery(
                send=send,
                subscriber=subscriber,
                language=chosen if chosen in available else source,
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=CHUNK, ignore_conflicts=True)
    return len(deliveries)


def progress(send):
    """{language: {state: count}} and the totals, for the admin's progress bars."""
    by_language = {}
    totals = dict.fromkeys(Delivery.State.values, 0)
    rows = send.deliveries.values("language", "state").annotate(n=Count("pk")).order_by()
    for row in rows:
        counts = by_language.setdefault(row["language"], dict.fromkeys(Delivery.State.values, 0))
        counts[row["state"]] = row["n"]
        totals[row["state"]] += row["n"]
    total = sum(totals.values())
    done = totals["sent"] + totals["failed"] + totals["skipped"]
    return {
        "languages": dict(sorted(by_language.items())),
        "totals": totals,
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 100,
    }


def _lease():
    return float(getattr(settings, "TASKS_WORKER_LEASE_SECONDS", 30))


class _Statements:
    """The three statements run for every message, as plain SQL prepared once: through the ORM
    they cost more than the SMTP call on a loopback server (measured: 2.8x plain send_mail)."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        q = connection.ops.quote_name
        # Only our own quoted table names are formatted in; every value is a parameter.
        d, s = q(Delivery._meta.db_table), q(Subscriber._meta.db_table)
        self.next = (
            f"SELECT d.id, d.language, d.attempts, d.subscriber_id, s.email, s.token, s.state "  # noqa: S608
            f"FROM {d} d JOIN {s} s ON s.id = d.subscriber_id "
            f"WHERE d.send_id = %s AND d.state = %s AND d.id > %s ORDER BY d.id LIMIT 1"
        )
        self.claim = (
            f"UPDATE {d} SET state = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608
            f"WHERE id = %s AND state = %s"
        )
        self.sent = f"UPDATE {d} SET state = %s, sent_at = %s, error = '' WHERE id = %s"  # noqa: S608

    def now(self):
        return self.connection.ops.adapt_datetimefield_value(timezone.now())

    def run(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if sql is self.next else cursor.rowcount

    def claim_next(self, send_id, after=0):
        """The next queued delivery of the send (past `after`, the last one this run took), now
        "sending" under this worker, with what its message needs; None when none is left."""
        queued, sending = Delivery.State.QUEUED, Delivery.State.SENDING
        while True:
            row = self.run(self.next, [send_id, queued, after])
            if row is None:
                if after:
                    after = 0  # rows put back in the queue behind us (a retry): look once more
                    continue
                return None
            pk, language, attempts, subscriber_id, email, token, state = row
            if self.run(self.claim, [sending, self.now(), pk, queued]):
                subscriber = Subscriber(pk=subscriber_id, email=email, token=token, state=state)
                return Delivery(
                    pk=pk,
                    send_id=send_id,
                    language=language,
                    attempts=attempts + 1,
                    subscriber=subscriber,
                )
            after = pk

    def mark_sent(self, pk):
        self.run(self.sent, [Delivery.State.SENT, self.now(), pk])


def _permanent(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and min(codes) >= 500
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


class _Issues:
    """The issue rendered once per language, on first need."""

    def __init__(self, page):
        self.page = page
        self.rendered = {}

    def __getitem__(self, language):
        if language not in self.rendered:
            page = self.page
            if page.locale.language_code != language:
                found = (
                    BulletinPage.objects.live()
                    .filter(translation_key=page.translation_key, locale__language_code=language)
                    .first()
                )
                page = found or page
            self.rendered[language] = render_issue(page)
        return self.rendered[language]


def run_send(send_id):
    """Work through the queued deliveries of a send: one batch over one connection, then the
    next batch as a new task (other bulk work may run between). Returns how many were sent."""
    send = Send.objects.select_related("page").filter(pk=send_id).first()
    if send is None or send.state in (Send.State.DONE, Send.State.CANCELLED):
        return 0
    Send.objects.filter(pk=send.pk, state=Send.State.SCHEDULED).update(
        state=Send.State.SENDING, started_at=timezone.now()
    )
    if not Send.objects.filter(pk=send.pk, state=Send.State.SENDING).exists():
        return 0  # cancelled between the read and the start (cancel_send)
    # Claims of a worker that died (older than its lease): the message may not have left.
    stale = timezone.now() - dt.timedelta(seconds=_lease())
    Delivery.objects.filter(
        send_id=send.pk, state=Delivery.State.SENDING, claimed_at__lt=stale
    ).update(state=Delivery.State.QUEUED)

    issues = _Issues(send.page.specific)
    rate = float(setting("SEND_RATE") or 0)
    interval = 1.0 / rate if rate > 0 else 0.0
    batch = int(setting("BATCH_SIZE"))
    sent = last = 0
    retry_at = None
    statements = _Statements()
    connection = get_connection()
    next_at = time.monotonic()
    try:
        while sent < batch:
            # The rate limit waits before the claim: a worker killed while it waits leaves
            # nothing half done.
            if interval:
                wait = next_at - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                next_at = max(next_at, time.monotonic()) + interval
            if sent and sent % STOP_CHECK_EVERY == 0 and _stopped(send):
                break
            delivery = statements.claim_next(send.pk, after=last)
            if delivery is None:
                break
            last = delivery.pk
            subscriber = delivery.subscriber
            if subscriber.state in BLOCKED_STATES:
                Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED)
                continue
            message = build_message(
                issues[delivery.language],
                subscriber,
                message_id=f"bulletin-{send.pk}-{delivery.pk}",
            )
            message.connection = connection
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
                retry_at = _failed(delivery, exc)
                if retry_at is not None:
                    break  # the server is unwell: stop this batch, try again later
                continue
            statements.mark_sent(delivery.pk)
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            logger.warning("could not close the mail connection of send %s", send.pk)
    _continue(send, retry_at)
    return sent


def _failed(delivery, exc):
    """Record a failed SMTP call; return when to retry the batch (None: go on with the next)."""
    error = f"{type(exc).__name__}: {exc}"[:500]
    if _permanent(exc) or delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED, error=error)
        logger.warning("bulletin delivery %s failed: %s", delivery.pk, error)
        return None
    if not send_bulletin_task.get_backend().supports_defer:
        # No way to come back later (the immediate backend): record the failure now.
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED, error=error)
        return None
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.QUEUED, error=error)
    return timezone.now() + dt.timedelta(seconds=RETRY_SECONDS * delivery.attempts)


@transaction.atomic
def _stopped(send) -> bool:
    return Send.objects.filter(pk=send.pk, state=Send.State.CANCELLED).exists()


def _continue(send, retry_at):
    """Queue the next batch, or close the send when nothing is left."""
    if _stopped(send):
        return
    left = send.deliveries.filter(state__in=(Delivery.State.QUEUED, Delivery.State.SENDING))
    if retry_at is not None:
        _queue(send, run_after=retry_at)
    elif left.filter(state=Delivery.State.QUEUED).exists():
        _queue(send)
    elif not left.exists():
        Send.objects.filter(pk=send.pk).exclude(state=Send.State.DONE).update(
            state=Send.State.DONE, finished_at=timezone.now()
        )
    else:
        # Rows still "sending": another live run's, or a dead worker's claimed less than a
        # lease ago. Look again once the oldest claim is past the lease.
        oldest = left.order_by("claimed_at").values_list("claimed_at", flat=True).first()
        if oldest is not None and send_bulletin_task.get_backend().supports_defer:
            _queue(send, run_after=oldest + dt.timedelta(seconds=_lease() + 1))


def send_test(page, user):
    """The issue as the e-mail will look, to `user`'s own address, in the page's language; no
    Delivery, no unsubscribe for the reader (the links point to a throwaway subscriber)."""
    rendered = render_issue(page.specific)
    reader = Subscriber(pk=0, email=user.email, token=new_token())
    build_message(rendered, reader, test=True).send()


@task()
def send_bulletin_task(send_id):
    """One batch of an issue's sending (bulk lane); it queues the next batch itself."""
    run_send(send_id)
