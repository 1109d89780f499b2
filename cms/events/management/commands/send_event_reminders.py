"""Send the reminder of events starting within --days (EVENTS_REMINDER_DAYS, 7), once per
registration, and send again the confirmations, place-freed e-mails and messages to registrants
that could not be sent. Run it daily, or hourly (cron); running it twice sends nothing twice."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.events import tasks
from cms.events.models import RegistrantMessage, Registration
from federation.queueing import DEFAULT, enqueue_durably, lane

State = Registration.State


class Command(BaseCommand):
    help = "E-mail the reminder of coming events and retry unsent registration e-mails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=getattr(settings, "EVENTS_REMINDER_DAYS", 7),
            help="Remind people of events starting within this many days.",
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=5,
            help="Leave alone e-mails younger than this (they may still be in the queue).",
        )

    def handle(self, *args, days, grace_minutes, **options):
        now = timezone.now()
        grace = dt.timedelta(minutes=max(grace_minutes, 0))
        base = Registration.objects.exclude(email="").filter(event__start__gt=now)
        due = base.filter(
            state=State.CONFIRMED,
            reminded_at__isnull=True,
            event__start__lte=now + dt.timedelta(days=max(days, 0)),
        )
        unconfirmed = base.filter(
            state__in=[State.CONFIRMED, State.WAITING],
            confirmation_sent_at__isnull=True,
            created_at__lt=now - grace,
        )
        unpromoted = base.filter(
            state=State.CONFIRMED,
            promoted_at__isnull=False,
            promoted_at__lt=now - grace,
            promotion_sent_at__isnull=True,
        )
        # Messages to registrants left unfinished: an address failed, or the worker died.
        unfinished = RegistrantMessage.objects.filter(
            finished_at__isnull=True, created_at__lt=now - grace
        )
        counts = {}
        with transaction.atomic():
            for name, rows, task in (
                ("reminders", due, tasks.send_reminder),
                ("confirmations", unconfirmed, tasks.send_confirmation),
                ("promotions", unpromoted, tasks.send_promotion),
                ("messages", unfinished, tasks.send_registrant_message),
            ):
                ids = list(rows.values_list("pk", flat=True))
                for pk in ids:
                    enqueue_durably(lane(task, DEFAULT), pk)
                counts[name] = len(ids)
        self.stdout.write(
            "queued {reminders} reminders, {confirmations} confirmations, "
            "{promotions} place-freed e-mails, {messages} unfinished messages".format(**counts)
        )
