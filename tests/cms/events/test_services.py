"""Prices, capacity and the waiting list: the registration verbs as every entry point uses them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.events import services
from cms.events.models import Registration, TicketKind

from .conftest import make_event

State = Registration.State


def _register(event, n, **kwargs):
    return services.register(
        event, name=f"Person {n}", email=f"p{n}@example.org", language="en", **kwargs
    )


def test_member_gets_the_member_price_automatically(event, member):
    """A signed-in member registering without choosing is given the member ticket and price."""
    outcome = services.register(event, name="Marta", email=member.email, user=member)
    assert outcome.registration.ticket_name == "Member"
    assert outcome.registration.price == Decimal("120.00")


def test_public_and_remote_people_never_get_the_member_price(event, member):
    """Someone not signed in gets the public price, and cannot pick the member ticket."""
    outcome = services.register(event, name="Ana", email="ana@example.org")
    assert outcome.registration.price == Decimal("180.00")
    member_ticket = event.ticket_kinds.get(name="Member")
    with pytest.raises(services.RegistrationError) as refused:
        services.register(event, name="Bo", email="bo@example.org", ticket=member_ticket)
    assert refused.value.code == "ticket"
    speaker = event.ticket_kinds.get(name="Speaker")
    with pytest.raises(services.RegistrationError):
        services.register(event, name="Cy", email="cy@example.org", ticket=speaker)


def test_capacity_then_waiting_list_then_promotion_by_email(
    event_index, django_capture_on_commit_callbacks
):
    """Past the capacity people wait; a cancellation confirms the first one, who is e-mailed."""
    event = make_event(event_index, capacity=2, slug="small")
    first, second = _register(event, 1), _register(event, 2)
    third, fourth = _register(event, 3), _register(event, 4)
    assert [o.registration.state for o in (first, second, third, fourth)] == [
        State.CONFIRMED,
        State.CONFIRMED,
        State.WAITING,
        State.WAITING,
    ]
    assert services.places_left(event) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first.registration)
    third.registration.refresh_from_db()
    fourth.registration.refresh_from_db()
    assert third.registration.state == State.CONFIRMED
    assert fourth.registration.state == State.WAITING
    assert [m.to for m in mail.outbox] == [["p3@example.org"]]
    assert "waiting list" in mail.outbox[0].body


def test_a_replayed_cancel_changes_nothing(event_index):
    """Cancelling twice promotes one person, not two."""
    event = make_event(event_index, capacity=1, slug="tiny")
    first = _register(event, 1).registration
    _register(event, 2), _register(event, 3)
    services.cancel(first)
    services.cancel(first)
    assert Registration.objects.filter(event=event, state=State.CONFIRMED).count() == 1
    assert Registration.objects.filter(event=event, state=State.WAITING).count() == 1


def test_without_waiting_list_a_full_event_refuses(event_index):
    """With no waiting list the registration past capacity is refused with a clear message."""
    event = make_event(event_index, capacity=1, waiting_list=False, slug="nowait")
    _register(event, 1)
    with pytest.raises(services.RegistrationError) as refused:
        _register(event, 2)
    assert refused.value.code == "full"
    assert "full" in str(refused.value.message)


def test_ticket_kind_capacity_holds(event_index):
    """A ticket kind with its own places fills on its own; other kinds stay open."""
    event = make_event(
        event_index,
        capacity=None,
        slug="kinds",
        tickets=[
            ("Workshop", "10", TicketKind.Audience.EVERYONE, 1),
            ("Plenary", "0", TicketKind.Audience.EVERYONE, None),
        ],
    )
    workshop, plenary = event.ticket_kinds.order_by("sort_order")
    assert _register(event, 1, ticket=workshop).registration.state == State.CONFIRMED
    assert _register(event, 2, ticket=workshop).registration.state == State.WAITING
    assert _register(event, 3, ticket=plenary).registration.state == State.CONFIRMED


def test_same_email_twice_gives_back_the_registration(event):
    """Registering again with the same e-mail (any case) returns the first registration."""
    first = services.register(event, name="Ana", email="ana@example.org")
    again = services.register(event, name="Ana B", email="ANA@example.org ")
    assert again.created is False
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_window(event):
    """Before it opens and after it closes, registration is refused with the reason."""
    now = timezone.now()
    event.registration_opens = now + datetime.timedelta(days=1)
    event.save()
    with pytest.raises(services.RegistrationError) as refused:
        _register(event, 1)
    assert refused.value.code == "not_yet"
    event.registration_opens = None
    event.registration_closes = now - datetime.timedelta(minutes=1)
    event.save()
    with pytest.raises(services.RegistrationError) as refused:
        _register(event, 1)
    assert refused.value.code == "closed"
    # The secretariat still registers someone by hand, with a speaker's ticket.
    speaker = event.ticket_kinds.get(name="Speaker")
    outcome = services.register_by_hand(event, name="Speaker", ticket=speaker)
    assert outcome.registration.price == 0 and outcome.registration.by_hand


def test_confirmation_email_language_ics_and_link(french_event, django_capture_on_commit_callbacks):
    """The confirmation is in the registrant's language, states amount and reference, links to
    the manage page and carries the event's .ics."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.register(french_event, name="Léa", email="lea@example.fr", language="fr")
    registration = outcome.registration
    assert registration.event_id != french_event.pk  # stored on the source page
    [message] = mail.outbox
    assert "Assemblée générale" in message.subject
    assert "Non-membre" in message.body  # the ticket in French
    assert "180,00" in message.body  # French number format
    assert registration.reference in message.body
    assert f"/fr/registration/r/{registration.token}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    content = content.decode() if isinstance(content, bytes) else content
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in content
    assert "Assemblée générale" in content


def test_change_ticket_and_mark_paid(event, member):
    """A change keeps the place when the new ticket has room; paid is recorded with a date."""
    registration = services.register(event, name="Ana", email="ana@example.org").registration
    registration = services.change(registration, name="Ana Silva", organisation="Porto")
    assert registration.name == "Ana Silva"
    services.mark_paid(registration)
    registration.refresh_from_db()
    assert registration.paid and registration.paid_at is not None


def test_mail_failure_loses_nothing(event, settings, django_capture_on_commit_callbacks):
    """When sending fails the registration is kept, and the reminder job sends it later."""
    settings.EMAIL_BACKEND = "tests.cms.failing_email.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(event, name="Ana", email="ana@example.org").registration
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", days=1, grace_minutes=0)
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is not None
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_by_hand_without_email_twice_makes_two_registrations(event):
    """Two guests the secretariat registers without an address are two people, not one."""
    first = services.register_by_hand(event, name="Guest One")
    second = services.register_by_hand(event, name="Guest Two")
    assert first.created and second.created
    assert first.registration.pk != second.registration.pk
