"""Reminders a few days before the event: sent once per confirmed registration."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.events import services


def test_reminder_sent_once(event, django_capture_on_commit_callbacks):
    """Within the configured days a confirmed person is reminded; running again sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, name="Ana", email="ana@example.org")
        services.register(event, name="Bo", email="bo@example.org")
    event.start = timezone.now() + datetime.timedelta(days=3)
    event.end = None
    event.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", days=2, grace_minutes=0)
    assert mail.outbox == []  # three days ahead, two asked
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", days=4, grace_minutes=0)
        call_command("send_event_reminders", days=4, grace_minutes=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    assert "Soon" in mail.outbox[0].subject
