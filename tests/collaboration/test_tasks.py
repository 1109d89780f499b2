"""The daily digest of mentions as it runs in production: cron queues, the worker e-mails."""

import io
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from collaboration import services
from collaboration.models import Membership, Mention

# The durable queue and `manage.py db_worker` close connections: a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _daily_run():
    """What cron and the worker do each day: queue the digests, then work the queue empty."""
    call_command("send_mention_digests", stdout=io.StringIO())
    call_command("db_worker", batch=True, startup_delay=False, interval=0.01, verbosity=0)


@override_settings(TASKS=DATABASE_QUEUE, COLLABORATION_SITE_URL="https://network.example")
def test_daily_digest_end_to_end(tworld):
    """One e-mail per opted-in person with unread mentions, none for the others, never the same
    mention twice; a later mention comes in the next day's e-mail, a read one does not."""
    Membership.objects.create(group=tworld.public, user=tworld.carol)
    services.post_message(tworld.alice, tworld.public, "Agenda", "@bob @carol @dave see the agenda")
    services.set_mention_digest(tworld.bob, True)  # mentioned, opted in: one e-mail
    services.set_mention_digest(tworld.alice, True)  # opted in, never mentioned: nothing
    # carol is mentioned but did not opt in; dave opted in and then out.
    services.set_mention_digest(tworld.dave, True)
    services.set_mention_digest(tworld.dave, False)

    call_command("send_mention_digests", stdout=io.StringIO())
    assert mail.outbox == []  # queued, not sent: the worker sends
    call_command("db_worker", batch=True, startup_delay=False, interval=0.01, verbosity=0)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    body = mail.outbox[0].body
    assert "see the agenda" in body and "Open forum" in body
    assert "https://network.example/en/groups/mentions/" in body

    _daily_run()
    assert len(mail.outbox) == 1  # the same mention is not sent again

    later, _ = services.post_message(tworld.alice, tworld.private, "Budget", "@bob the figures")
    read, _ = services.post_message(tworld.alice, tworld.private, "Minutes", "@bob minutes")
    services.mark_read(tworld.bob, read.topic_id, read.pk)
    _daily_run()
    assert len(mail.outbox) == 2
    assert "the figures" in mail.outbox[1].body and "see the agenda" not in mail.outbox[1].body
    assert "minutes" not in mail.outbox[1].body


def _closed_port():
    """A local port nothing listens on: a mail server that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_digest_not_sent_is_sent_next_time(tworld, settings):
    """If the mail server is down the mentions stay unsent, and the next run sends them."""
    services.post_message(tworld.alice, tworld.private, "Budget", "@bob please review")
    services.set_mention_digest(tworld.bob, True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    with pytest.raises(OSError):
        services.send_mention_digest(tworld.bob)
    assert Mention.objects.get(user=tworld.bob).emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_mention_digest(tworld.bob) == 1
    assert len(mail.outbox) == 1 and "please review" in mail.outbox[0].body
