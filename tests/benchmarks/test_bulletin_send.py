"""make bench: one issue to 5,000 recipients in two languages through a local SMTP server
(aiosmtpd, started here), against as many plain `send_mail` calls in the same run; and the
sending's peak memory at 1,000 and 5,000 recipients (it should not grow with them).

Target (ARCHITECTURE.md): within 1.5x of the plain sends, memory flat in the number of
recipients.
"""

import logging
import time
import tracemalloc

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import send_mail
from wagtail.models import Locale

from cms.bulletins.email import render_issue
from cms.bulletins.models import Delivery, MailingList, Send, Subscriber
from cms.bulletins.sending import run_send, schedule_send
from tests.cms.bulletins.conftest import make_issue
from tests.cms.conftest import publish_child
from tests.servers import free_port

RECIPIENTS = 5000


class Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += len(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    # The SMTP server runs in this process: its INFO lines, kept by pytest's log capture,
    # would be counted as the sending's memory.
    for name in ("mail.log", "django_tasks", "wagtail"):
        logging.getLogger(name).setLevel(logging.WARNING)
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.BULLETINS_SEND_RATE = 0
    settings.BULLETINS_BATCH_SIZE = 100_000
    yield counter
    controller.stop()


def _french(page, title):
    """The issue translated into French with wagtail-localize (its title only)."""
    from cms.demo import Strings, translate_page

    strings = Strings()
    strings.table[page.title] = {"fr": title}
    fr = Locale.objects.get(language_code="fr")
    index = page.get_parent().specific
    for parent in (index.get_parent().specific, index, page):
        translate_page(parent, strings, [fr])


def _audience(count, offset=0):
    listing = MailingList.objects.create(
        name=f"List {offset}", locale=Locale.objects.get(language_code="en")
    )
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"r{offset + n}@example.org",
            language="fr" if n % 2 else "en",
            state=Subscriber.State.CONFIRMED,
        )
        for n in range(count)
    )
    through = Subscriber.lists.through
    through.objects.bulk_create(
        through(subscriber_id=pk, mailinglist_id=listing.pk)
        for pk in Subscriber.objects.filter(email__startswith="r").values_list("pk", flat=True)
    )
    return listing


def _send_all(issue, listing):
    send = schedule_send(issue, lists=[listing])
    while run_send(send.pk):
        pass
    return send


@pytest.mark.django_db
def test_bulletin_send_against_plain_send_mail(home, smtp):
    """Prints the total time of the bulletin's send (its deliveries written, then sent with
    their bookkeeping) and of the plain sends of the same message, and their ratio."""
    from cms.bulletins.models import BulletinIndexPage

    index = publish_child(home, BulletinIndexPage(title="E-bulletin", slug="bulletin"))
    issue = make_issue(index, title="Issue 1", body=[("heading", "Hello")])
    _french(issue, "Numéro 1")
    listing = _audience(RECIPIENTS)

    # The reference: the same message (subject, text and HTML of the issue), one send_mail
    # call per recipient, as a site without the bulletin would send it.
    rendered = render_issue(issue)
    started = time.perf_counter()
    for n in range(RECIPIENTS):
        send_mail(
            rendered.subject,
            rendered.text,
            None,
            [f"plain{n}@example.org"],
            html_message=rendered.html,
        )
    plain = time.perf_counter() - started

    smtp.count = 0
    started = time.perf_counter()
    send = _send_all(issue, listing)
    bulletin = time.perf_counter() - started
    assert smtp.count == RECIPIENTS
    assert Delivery.objects.filter(send=send, state="sent").count() == RECIPIENTS
    assert Send.objects.get(pk=send.pk).state == Send.State.DONE
    print(
        f"\nbulletin to {RECIPIENTS} (en+fr): {bulletin:.1f}s; {RECIPIENTS} send_mail calls: "
        f"{plain:.1f}s; ratio {bulletin / plain:.2f}x"
    )


@pytest.mark.django_db
def test_bulletin_send_memory_is_flat(home, smtp):
    """Prints the peak memory of sending to 1,000 and to 5,000 recipients."""
    from cms.bulletins.models import BulletinIndexPage

    index = publish_child(home, BulletinIndexPage(title="E-bulletin", slug="bulletin"))
    issue = make_issue(index, title="Issue 1", body=[("heading", "Hello")])
    _french(issue, "Numéro 1")
    peaks = {}
    for count in (1000, RECIPIENTS):
        Subscriber.objects.all().delete()
        listing = _audience(count, offset=count * 10)
        send = schedule_send(issue, lists=[listing])
        tracemalloc.start()
        while run_send(send.pk):
            pass
        peaks[count] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    print(
        f"\npeak memory of the send: {peaks[1000]:.1f} MB at 1,000 recipients, "
        f"{peaks[RECIPIENTS]:.1f} MB at {RECIPIENTS:,}"
    )
    assert peaks[RECIPIENTS] < 2 * peaks[1000] + 5
