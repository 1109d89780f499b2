"""The registration e-mails, sent by the worker. Each task takes an id, claims the row (a
timestamp set only if still empty, so a task run twice sends once), sends, and gives the claim
back when sending fails: `send_event_reminders` sends the unsent ones again."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from . import emails
from .models import RegistrantMessage, Registration

logger = logging.getLogger(__name__)


def _claimed_send(registration_id, field, build, **filters) -> bool:
    rows = Registration.objects.filter(pk=registration_id, **{f"{field}__isnull": True}, **filters)
    if not rows.exclude(email="").update(**{field: timezone.now()}):
        return False
    registration = Registration.objects.select_related("event", "event__locale").get(
        pk=registration_id
    )
    try:
        build(registration).send()
    except Exception:
        logger.exception("could not send %s of registration %s", field, registration_id)
        Registration.objects.filter(pk=registration_id).update(**{field: None})
        return False
    return True


@task()
def send_confirmation(registration_id: int) -> bool:
    """The confirmation (or waiting-list notice) with the event's .ics."""
    return _claimed_send(
        registration_id,
        "confirmation_sent_at",
        emails.confirmation,
        state__in=[Registration.State.CONFIRMED, Registration.State.WAITING],
    )


@task()
def send_promotion(registration_id: int) -> bool:
    """A place freed: the person moved up from the waiting list."""
    return _claimed_send(
        registration_id,
        "promotion_sent_at",
        emails.promotion,
        state=Registration.State.CONFIRMED,
    )


@task()
def send_reminder(registration_id: int) -> bool:
    return _claimed_send(
        registration_id, "reminded_at", emails.reminder, state=Registration.State.CONFIRMED
    )


#: Attempts per registrant before a message gives up on that address (a mailbox that refuses).
MESSAGE_ATTEMPTS = 5


@task()
def send_registrant_message(message_id: int) -> int:
    """Send a secretariat message to each registrant it has not reached yet. A failed address
    is counted and left for the next run (`send_event_reminders` queues unfinished messages);
    the message is finished once everyone is reached or given up on."""
    message = RegistrantMessage.objects.filter(pk=message_id, finished_at__isnull=True).first()
    if message is None:
        return 0
    states = [Registration.State.CONFIRMED]
    if message.include_waiting:
        states.append(Registration.State.WAITING)
    done = set(message.sent_to)
    failed = {str(k): int(v) for k, v in (message.failed or {}).items()}
    given_up = {int(k) for k, v in failed.items() if v >= MESSAGE_ATTEMPTS}
    recipients = (
        Registration.objects.filter(event_id=message.event_id, state__in=states)
        .exclude(email="")
        .exclude(pk__in=done | given_up)
        .select_related("event", "event__locale")
    )
    sent = 0
    left = False
    for registration in recipients.iterator():
        try:
            emails.registrant_message(message, registration).send()
        except Exception:
            logger.exception("could not send message %s to %s", message_id, registration.pk)
            key = str(registration.pk)
            failed[key] = failed.get(key, 0) + 1
            left = left or failed[key] < MESSAGE_ATTEMPTS
            RegistrantMessage.objects.filter(pk=message_id).update(failed=failed)
            continue
        done.add(registration.pk)
        failed.pop(str(registration.pk), None)
        sent += 1
        RegistrantMessage.objects.filter(pk=message_id).update(sent_to=sorted(done), failed=failed)
    if not left:
        RegistrantMessage.objects.filter(pk=message_id).update(finished_at=timezone.now())
    return sent
