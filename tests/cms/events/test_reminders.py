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


def test_a_message_to_registrants_is_tried_again_for_who_it_missed(
    event, django_capture_on_commit_callbacks, settings
):
    """When the mail server refuses one registrant, the others get the secretariat's message
    once; the periodic command tries the refused address again (and reaches it once it is back),
    and gives up on an address that keeps refusing, so the message ends."""
    from cms.events.models import RegistrantMessage
    from cms.events.tasks import MESSAGE_ATTEMPTS

    from .mailboxes import REFUSED

    settings.EMAIL_BACKEND = "tests.cms.events.mailboxes.RefusingBackend"
    for name in ("ana", "bo", "cy"):
        services.register(event, name=name.title(), email=f"{name}@example.org")
    mail.outbox.clear()
    REFUSED.update({"bo@example.org", "cy@example.org"})
    try:
        message = RegistrantMessage.objects.create(event=event, subject="Room change", body="B12")
        with django_capture_on_commit_callbacks(execute=True):
            from cms.events.tasks import send_registrant_message

            send_registrant_message.call(message.pk)
        assert [m.to for m in mail.outbox if "Room change" in m.subject] == [["ana@example.org"]]
        message.refresh_from_db()
        assert message.finished_at is None and set(message.failed) == {
            str(r.pk) for r in event.registrations.exclude(email="ana@example.org")
        }
        REFUSED.discard("bo@example.org")  # Bo's mailbox is back; Cy's never comes back
        for _run in range(MESSAGE_ATTEMPTS):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_event_reminders", grace_minutes=0, stdout=None)
        reached = sorted(m.to[0] for m in mail.outbox if "Room change" in m.subject)
        assert reached == ["ana@example.org", "bo@example.org"]
        message.refresh_from_db()
        assert message.finished_at is not None
        assert list(message.failed.values()) == [MESSAGE_ATTEMPTS]
    finally:
        REFUSED.clear()
