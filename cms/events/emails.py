"""The e-mails of a registration, each in the registrant's language: confirmation (with the
event's .ics), a place freed on the waiting list, the reminder, and the secretariat's message."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cms.feeds import absolute_page_url, build_calendar
from cms.i18n import localized


def manage_url(registration) -> str:
    """The no-account link to view, change or cancel a registration, in its language."""
    with translation.override(registration.language):
        path = reverse("cms:cms_events:manage", kwargs={"token": registration.token})
    return settings.SITE_URL + path


def event_in(registration):
    """The event as the registrant reads it: its translation in their language when live."""
    locale = Locale.objects.filter(language_code=registration.language).first()
    event = registration.event
    return localized([event], locale)[0] if locale else event


def ticket_label(registration) -> str:
    """The ticket's name in the registrant's language (its translation when there is one)."""
    if registration.ticket is None:
        return registration.ticket_name
    locale = Locale.objects.filter(language_code=registration.language).first()
    return localized([registration.ticket], locale)[0].name if locale else registration.ticket_name


def when(event) -> str:
    start = timezone.localtime(event.start, event.tzinfo)
    text = formats.date_format(start, "DATETIME_FORMAT")
    if event.end:
        text += " – " + formats.date_format(
            timezone.localtime(event.end, event.tzinfo), "DATETIME_FORMAT"
        )
    return f"{text} ({event.timezone})"


def payment_lines(registration) -> str:
    if not registration.price:
        return _("There is nothing to pay.")
    amount = formats.number_format(registration.price, 2, use_l10n=True)
    lines = [
        _("Amount: %(amount)s €.") % {"amount": amount},
        _("Please pay by bank transfer with the reference %(reference)s.")
        % {"reference": registration.reference},
    ]
    account = getattr(settings, "EVENTS_BANK_ACCOUNT", "")
    if account:
        lines.append(_("Account: %(account)s") % {"account": account})
    if registration.paid:
        lines.append(_("Your payment has been received. Thank you."))
    return "\n".join(lines)


def _facts(registration, event) -> dict:
    """What the e-mails about a registration say of it, in the active language."""
    return {
        "name": registration.name,
        "event": event.title,
        "when": when(event),
        "where": event.location_label or event.online_url or "",
        "ticket": ticket_label(registration),
        "url": absolute_page_url(event),
        "manage": manage_url(registration),
    }


def _message(registration, subject, body, *, attach_calendar=False) -> EmailMessage:
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    if attach_calendar:
        event = event_in(registration)
        calendar = build_calendar([event], None, event.title)
        message.attach(f"{event.slug}.ics", calendar.to_ical(), "text/calendar")
    return message


def confirmation(registration) -> EmailMessage:
    with translation.override(registration.language):
        event = event_in(registration)
        facts = _facts(registration, event)
        if registration.state == registration.State.WAITING:
            subject = _("You are on the waiting list: %(event)s") % facts
            opening = (
                _(
                    "Dear %(name)s,\n\nthe event %(event)s is full: you are on its waiting list. "
                    "If a place frees, it is yours and we will tell you by e-mail."
                )
                % facts
            )
        else:
            subject = _("Your registration: %(event)s") % facts
            opening = _("Dear %(name)s,\n\nyour registration for %(event)s is confirmed.") % facts
        body = "\n\n".join(
            [
                opening,
                _("When: %(when)s\nWhere: %(where)s\nTicket: %(ticket)s") % facts,
                payment_lines(registration),
                _("See, change or cancel your registration:\n%(manage)s") % facts,
                _("The event: %(url)s") % facts,
            ]
        )
        return _message(registration, subject, body, attach_calendar=True)


def promotion(registration) -> EmailMessage:
    with translation.override(registration.language):
        event = event_in(registration)
        facts = _facts(registration, event)
        subject = _("A place is yours: %(event)s") % facts
        body = "\n\n".join(
            [
                _(
                    "Dear %(name)s,\n\na place has freed at %(event)s: you have moved up from "
                    "the waiting list and your registration is confirmed."
                )
                % facts,
                _("When: %(when)s") % facts,
                payment_lines(registration),
                _("See, change or cancel your registration:\n%(manage)s") % facts,
            ]
        )
        return _message(registration, subject, body, attach_calendar=True)


def reminder(registration) -> EmailMessage:
    with translation.override(registration.language):
        event = event_in(registration)
        facts = _facts(registration, event)
        subject = _("Soon: %(event)s") % facts
        body = "\n\n".join(
            [
                _("Dear %(name)s,\n\na reminder: %(event)s is coming.") % facts,
                _("When: %(when)s\nWhere: %(where)s") % facts,
                _("If you cannot come, please cancel so that someone else can:\n%(manage)s")
                % facts,
            ]
        )
        return _message(registration, subject, body)


def registrant_message(message, registration) -> EmailMessage:
    with translation.override(registration.language):
        event = event_in(registration)
        footer = _("You receive this as you registered for %(event)s: %(manage)s") % {
            "event": event.title,
            "manage": manage_url(registration),
        }
        return EmailMessage(
            subject=f"[{event.title}] {message.subject}",
            body=f"{message.body}\n\n-- \n{footer}\n",
            to=[registration.email],
        )
