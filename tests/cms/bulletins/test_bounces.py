"""Bounces and complaints from a mailbox stop every further e-mail to those addresses."""

import mailbox
from email.message import EmailMessage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from io import StringIO

import pytest
from django.core.management import call_command

from cms.bulletins.models import Subscriber

pytestmark = pytest.mark.django_db


def _dsn(recipient, status="5.1.1", action="failed"):
    report = MIMEMultipart("report", report_type="delivery-status")
    report.attach(MIMEText("Your message could not be delivered."))
    fields = EmailMessage()
    fields["Reporting-MTA"] = "dns; mx.example.org"
    per_recipient = EmailMessage()
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = action
    per_recipient["Status"] = status
    status_part = MIMEMessage(fields, "delivery-status")
    status_part.set_payload([fields, per_recipient])
    report.attach(status_part)
    return report


def _arf(recipient):
    report = MIMEMultipart("report", report_type="feedback-report")
    report.attach(MIMEText("This is an abuse report."))
    fields = EmailMessage()
    fields["Feedback-Type"] = "abuse"
    fields["Original-Rcpt-To"] = recipient
    report.attach(MIMEMessage(fields, "feedback-report"))
    return report


@pytest.mark.parametrize("kind", ["mbox", "maildir"])
def test_bounce_mailbox_marks_addresses(tmp_path, subscriber, kind):
    """A hard bounce and a complaint in the mailbox block those addresses (a member's
    included, though it never signed up); a soft bounce and an ordinary message change
    nothing; the command says what it found."""
    Subscriber.objects.create(email="full@example.org", state=Subscriber.State.CONFIRMED)
    path = tmp_path / kind
    box = mailbox.mbox(path) if kind == "mbox" else mailbox.Maildir(path)
    for message in (
        _dsn(subscriber.email),
        _dsn("full@example.org", status="4.2.2", action="delayed"),
        _arf("member@city.example"),
        MIMEText("Out of office"),
    ):
        box.add(message)
    box.close()
    out = StringIO()
    call_command("bulletin_bounces", str(path), stdout=out)
    assert "4 messages: 1 bounced, 1 complaints, 1 soft" in out.getvalue()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.BOUNCED
    assert Subscriber.objects.get(email="member@city.example").state == "complained"
    assert Subscriber.objects.get(email="full@example.org").state == "confirmed"


def test_missing_mailbox_is_a_clear_error(tmp_path):
    """Pointing the command at nothing says so instead of failing with a traceback."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no mailbox"):
        call_command("bulletin_bounces", str(tmp_path / "nothing"))
