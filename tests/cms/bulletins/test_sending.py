"""Sending an issue: one copy per address in the recipient's language, the e-mail's parts and
headers, no second copy on a second run, failures recorded, unsubscribed and bounced left out."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from wagtail.users.models import UserProfile

from cms.bulletins.models import Delivery, Send, Subscriber
from cms.bulletins.sending import cancel_send, progress, run_send, schedule_send
from cms.bulletins.subscriptions import record_bounce
from cms.members.services import link_member_account
from cms.models import DirectoryPage, OrganisationPage
from tests.cms.conftest import publish_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(home):
    directory = publish_child(home, DirectoryPage(title="Directory", slug="directory"))
    lille = publish_child(
        directory,
        OrganisationPage(
            title="City of Lille",
            slug="lille",
            kind="city",
            country="FR",
            contact_email="culture@lille.example",
        ),
    )
    krakow = publish_child(
        directory,
        OrganisationPage(
            title="Kraków",
            slug="krakow",
            kind="city",
            country="PL",
            contact_email="kultura@krakow.example",
        ),
    )
    former = publish_child(
        directory,
        OrganisationPage(
            title="Former",
            slug="former",
            kind="city",
            country="DE",
            membership_status="former",
            contact_email="old@former.example",
        ),
    )
    return lille, krakow, former


@pytest.fixture
def member(organisations):
    user = get_user_model().objects.create_user("maria", "Maria@Krakow.example", "x")
    link_member_account(user, organisations[1])
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "de"})
    return user


def _send(issue, commit, **audience):
    with commit(execute=True):
        return schedule_send(issue, **audience)


def test_each_recipient_gets_one_copy_in_their_language(
    issue,
    translate,
    subscriber,
    mailing_list,
    member,
    organisations,
    django_capture_on_commit_callbacks,
):
    """Subscribers get their chosen language, a member account its profile's, an
    organisation's contact its country's, else the source language; an address reached twice
    (a subscriber who is also a member) gets one copy; former members get none."""
    for code in ("fr", "de", "pl"):
        translate(issue, code, title=f"Bulletin {code}")
    # The member also signed up, in Italian (which the issue is not translated into).
    also = Subscriber.objects.create(
        email="maria@krakow.example", language="it", state=Subscriber.State.CONFIRMED
    )
    also.lists.set([mailing_list])
    jan = get_user_model().objects.create_user("jan", "jan@krakow.example", "x")
    link_member_account(jan, organisations[1])
    UserProfile.objects.update_or_create(user=jan, defaults={"preferred_language": "de"})
    send = _send(
        issue,
        django_capture_on_commit_callbacks,
        lists=[mailing_list],
        member_accounts=True,
        member_contacts=True,
    )
    got = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == len(got) == 5
    assert got["jan@krakow.example"].subject == "Bulletin de"
    assert got["reader@example.org"].subject == "Bulletin fr"
    assert got["culture@lille.example"].subject == "Bulletin fr"
    assert got["kultura@krakow.example"].subject == "Bulletin pl"
    assert got["maria@krakow.example"].subject == "E-bulletin no. 1"  # no Italian version
    assert "old@former.example" not in got
    send.refresh_from_db()
    assert send.state == Send.State.DONE
    summary = progress(send)
    assert summary["totals"]["sent"] == 5 and summary["percent"] == 100
    assert summary["languages"]["fr"]["sent"] == 2


def test_the_email_has_html_text_and_one_click_unsubscribe(
    issue, news, translate, subscriber, mailing_list, django_capture_on_commit_callbacks
):
    """The message is responsive HTML (MJML tables) with a plain-text alternative, the web
    version's link, a visible unsubscribe link and the RFC 8058 headers, in French for a
    French reader."""
    french = translate(issue, "fr", title="Bulletin n° 1")
    translate(news[0], "fr", title="L’opéra à Lille")
    _send(issue, django_capture_on_commit_callbacks, lists=[mailing_list])
    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr"' in html and "<table" in html
    assert "Se désabonner" in html or "Unsubscribe" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/fr/bulletin/unsubscribe/" in unsubscribe
    assert unsubscribe in html and unsubscribe in message.body
    assert french.get_url() in message.body and "L’opéra à Lille" in message.body
    assert "Opera in Lille" not in message.body  # the English news is not in a French issue
    assert message.extra_headers["Message-ID"].startswith("<bulletin-")


def test_images_carry_their_alternative_text(
    bulletin_index, image, subscriber, mailing_list, django_capture_on_commit_callbacks
):
    """A picture in an issue reaches the e-mail with its alternative text and an absolute URL."""
    from .conftest import make_issue

    issue = make_issue(
        bulletin_index,
        body=[("image", {"image": image, "alt": "Dancers on the square", "caption": ""})],
    )
    _send(issue, django_capture_on_commit_callbacks, lists=[mailing_list])
    html = mail.outbox[0].alternatives[0][0]
    assert 'alt="Dancers on the square"' in html
    assert 'src="http' in html
    assert "[Dancers on the square]" in mail.outbox[0].body


def test_second_run_sends_nothing_more(
    issue, subscriber, mailing_list, django_capture_on_commit_callbacks
):
    """Running a finished send again (a retried task) sends no second copy."""
    send = _send(issue, django_capture_on_commit_callbacks, lists=[mailing_list])
    assert len(mail.outbox) == 1
    Send.objects.filter(pk=send.pk).update(state=Send.State.SENDING)
    assert run_send(send.pk) == 0
    assert len(mail.outbox) == 1


def test_a_dead_workers_claim_is_sent_again_a_live_ones_is_not(
    issue, subscriber, mailing_list, settings
):
    """A delivery claimed longer ago than the workers' lease (its worker died before saying it
    was sent) is sent again; one claimed a moment ago (a live worker's) is left alone."""
    settings.TASKS_WORKER_LEASE_SECONDS = 30
    other = Subscriber.objects.create(email="b@example.org", state=Subscriber.State.CONFIRMED)
    other.lists.set([mailing_list])
    send = Send.objects.create(page=issue, state=Send.State.SENDING)
    old = timezone.now() - dt.timedelta(seconds=60)
    Delivery.objects.create(
        send=send, subscriber=subscriber, language="en", state="sending", claimed_at=old
    )
    Delivery.objects.create(
        send=send, subscriber=other, language="en", state="sending", claimed_at=timezone.now()
    )
    assert run_send(send.pk) == 1
    assert [m.to for m in mail.outbox] == [[subscriber.email]]
    assert send.deliveries.get(subscriber=other).state == "sending"


def test_unsubscribed_and_bounced_addresses_are_never_sent_to(
    issue, subscriber, mailing_list, member, django_capture_on_commit_callbacks
):
    """After an unsubscription or a bounce, no issue goes to the address, members' included;
    an address that unsubscribed after the issue was queued is skipped."""
    record_bounce("maria@krakow.example", "hard")
    send = _send(
        issue, django_capture_on_commit_callbacks, lists=[mailing_list], member_accounts=True
    )
    assert [m.to for m in mail.outbox] == [[subscriber.email]]
    assert not send.deliveries.filter(subscriber__email="maria@krakow.example").exists()
    late = Send.objects.create(page=issue, state=Send.State.SENDING)
    Delivery.objects.create(send=late, subscriber=subscriber, language="en")
    Subscriber.objects.filter(pk=subscriber.pk).update(state=Subscriber.State.UNSUBSCRIBED)
    run_send(late.pk)
    assert len(mail.outbox) == 1
    assert late.deliveries.get().state == Delivery.State.SKIPPED


def test_failed_smtp_is_recorded_on_the_delivery(
    issue, subscriber, mailing_list, settings, django_capture_on_commit_callbacks
):
    """When the mail server refuses, the delivery says failed with the reason; nobody is lost
    silently, and the progress shows it."""
    settings.EMAIL_BACKEND = "tests.cms.failing_email.FailingBackend"
    send = _send(issue, django_capture_on_commit_callbacks, lists=[mailing_list])
    delivery = send.deliveries.get()
    assert delivery.state == Delivery.State.FAILED and "SMTP down" in delivery.error
    assert progress(send)["totals"]["failed"] == 1


def test_audience_filters_by_country_and_kind(
    issue, organisations, django_capture_on_commit_callbacks
):
    """Contacts filtered by country get the issue; the others do not."""
    _send(issue, django_capture_on_commit_callbacks, member_contacts=True, country="PL")
    assert [m.to for m in mail.outbox] == [["kultura@krakow.example"]]
    _send(issue, django_capture_on_commit_callbacks, member_contacts=True, kind="region")
    assert len(mail.outbox) == 1


def test_audience_of_committee_or_associate_members_only(
    issue, organisations, django_capture_on_commit_callbacks
):
    """A sending to the committee reaches only the contacts of committee members; one to
    associate members only theirs; former members never."""
    lille, krakow, _former = organisations
    lille.membership_status = "committee"
    lille.save()
    _send(issue, django_capture_on_commit_callbacks, member_contacts=True, membership="committee")
    assert [m.to for m in mail.outbox] == [["culture@lille.example"]]
    mail.outbox.clear()
    _send(issue, django_capture_on_commit_callbacks, member_contacts=True, membership="associate")
    assert mail.outbox == []
    _send(issue, django_capture_on_commit_callbacks, member_contacts=True)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "culture@lille.example",
        "kultura@krakow.example",
    ]


class StoppingBackend(locmem.EmailBackend):
    """The locmem outbox, whose first message makes the secretariat press "Stop"."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        cancel_send(Send.objects.get())
        return sent


def test_a_sending_stopped_under_way_sends_no_more(
    issue, organisations, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """Stopped while the worker is in the middle of a batch, a sending ends at the next check:
    the people not reached yet never receive it, and no later batch is queued."""
    from cms.bulletins import sending

    monkeypatch.setattr(sending, "STOP_CHECK_EVERY", 1)
    settings.EMAIL_BACKEND = "tests.cms.bulletins.test_sending.StoppingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        schedule_send(issue, member_contacts=True)
    assert len(mail.outbox) == 1
    send = Send.objects.get()
    assert send.state == Send.State.CANCELLED
    states = sorted(send.deliveries.values_list("state", flat=True))
    assert states == [Delivery.State.QUEUED, Delivery.State.SENT]
