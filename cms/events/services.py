"""The verbs of event registration: register, cancel, change, mark paid, register by hand.

Views, the admin, the fediverse inbox and tests all call these. Places are counted under a lock
of the event's row (`select_for_update` on PostgreSQL; on SQLite the site's IMMEDIATE
transactions already serialise writers), so capacity is never exceeded, whatever the number of
people registering at once. E-mails are queued in the same transaction (stored first, sent by
the worker; `send_event_reminders` sends again what could not be sent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.access import is_network_member
from cms.models.events import EventPage
from federation.publishing import publish_page
from federation.queueing import BULK, DEFAULT, enqueue_durably, lane

from . import activities, tasks
from .models import MemberActor, Registration, TicketKind
from .seats import (  # noqa: F401  (places_left: callers read places through this module too)
    counts,
    has_room,
    places_left,
    registration_status,
    source_event,
    tickets_for,
)

State = Registration.State
Audience = TicketKind.Audience

# Text limits of what a person types (the form checks them field by field; the verbs again).
NAME_MAX = 200
ORGANISATION_MAX = 200
ANSWER_MAX = 2000
RESEND_MINUTES = 10


class RegistrationError(Exception):
    """A registration refused for a reason the person can act on (`message`, translated)."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


@dataclass
class Outcome:
    registration: Registration
    #: False when the same e-mail (or fediverse account) was already registered: it came back.
    created: bool


def _lock(event) -> EventPage:
    """Take the event's row lock for the rest of the transaction and return the page fresh."""
    if connection.features.has_select_for_update_of:
        list(
            EventPage.objects.select_for_update(of=("self",))
            .filter(pk=event.pk)
            .values_list("pk", flat=True)
        )
    return EventPage.objects.get(pk=event.pk)


def _source_ticket(event, ticket):
    """The source-language ticket kind for `ticket` (a row of any translation, or an id)."""
    if ticket is None:
        return None
    if isinstance(ticket, int | str):
        ticket = TicketKind.objects.filter(pk=ticket).first()
        if ticket is None:
            return None
    if ticket.event_id == event.pk:
        return ticket
    return TicketKind.objects.filter(event=event, translation_key=ticket.translation_key).first()


def _choose_ticket(event, ticket, *, member, by_hand):
    allowed = tickets_for(event, member=member, by_hand=by_hand)
    if not allowed:
        raise RegistrationError("no_ticket", _("There is no ticket you can take for this event."))
    if ticket is None:
        return allowed[0]
    chosen = _source_ticket(event, ticket)
    if chosen is None or chosen.pk not in {t.pk for t in allowed}:
        raise RegistrationError("ticket", _("This ticket is not available to you."))
    return chosen


def speaks_for_member(remote_actor) -> bool:
    """A fediverse account the secretariat linked to an organisation that is a member today."""
    link = (
        MemberActor.objects.filter(remote_actor=remote_actor).select_related("organisation").first()
    )
    return link is not None and link.organisation.is_current_member


def _is_member(user, remote_actor) -> bool:
    # A remote actor never gets a member's price by what it says of itself: only the
    # secretariat's link to a member organisation gives it one.
    if remote_actor is not None:
        return speaks_for_member(remote_actor)
    return is_network_member(user)


# -- verbs --------------------------------------------------------------------------------------


def register(
    event,
    *,
    name: str,
    email: str = "",
    organisation: str = "",
    language: str = "",
    ticket=None,
    answers: dict | None = None,
    user=None,
    remote_actor=None,
    join_activity_id: str = "",
    listed: bool = False,
    by_hand: bool = False,
    now=None,
) -> Outcome:
    """Register a person for `event` (any translation): confirmed while places are left, then
    on the waiting list (or refused when the event has none). The same e-mail or fediverse
    account registering again gets its registration back, not a second one."""
    email = (email or "").strip().lower()
    name = (name or "").strip()[:NAME_MAX]
    if not name or not (email or remote_actor or by_hand):
        raise RegistrationError("missing", _("A name and an e-mail address are needed."))
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    member = _is_member(user, remote_actor)
    with transaction.atomic():
        event = _lock(source_event(event))
        existing = _existing(event, email, remote_actor)
        if existing is not None and existing.is_active:
            return Outcome(existing, created=False)
        if not by_hand:
            status = registration_status(event, now)
            if status != "open":
                raise RegistrationError(status, _status_message(status))
        chosen = _choose_ticket(event, ticket, member=member, by_hand=by_hand)
        confirmed, per_ticket, _waiting = counts(event)
        if has_room(event, chosen, confirmed, per_ticket):
            state = State.CONFIRMED
        elif event.waiting_list:
            state = State.WAITING
        else:
            raise RegistrationError("full", _("This event is full."))
        registration = existing or Registration(event=event)
        registration.ticket = chosen
        registration.ticket_name = chosen.name
        registration.price = chosen.price
        registration.name = name
        registration.organisation = (organisation or "").strip()[:ORGANISATION_MAX]
        registration.email = email
        registration.language = language
        registration.answers = answers or {}
        registration.state = state
        registration.user = user if getattr(user, "is_authenticated", False) else None
        registration.remote_actor = remote_actor
        registration.join_activity_id = join_activity_id[:1000]
        registration.listed = bool(listed) and registration.user is not None
        registration.by_hand = by_hand
        registration.cancelled_at = None
        registration.confirmation_sent_at = None
        registration.promotion_sent_at = None
        registration.promoted_at = None
        registration.created_at = now or timezone.now()
        registration.save()
        if email:
            enqueue_durably(lane(tasks.send_confirmation, DEFAULT), registration.pk)
        if state == State.CONFIRMED:
            participation_changed(event, confirmed, confirmed + 1)
    return Outcome(registration, created=True)


def _existing(event, email, remote_actor):
    rows = Registration.objects.filter(event=event)
    if remote_actor is not None:
        return rows.filter(remote_actor=remote_actor).first()
    if not email:
        return None  # someone the secretariat registered without an address
    return rows.filter(email=email).first()


def _status_message(status):
    return {
        "disabled": _("Registration is not open on this site for this event."),
        "past": _("This event is over."),
        "not_yet": _("Registration is not open yet."),
        "closed": _("Registration is closed."),
    }.get(status, _("Registration is closed."))


def cancel(registration: Registration, now=None) -> Registration:
    """Cancel a registration; the first people on the waiting list who now fit are confirmed
    and told by e-mail. Cancelling again changes nothing."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.state == State.CANCELLED:
            return registration
        was_confirmed = registration.state == State.CONFIRMED
        confirmed_before = counts(event)[0]
        registration.state = State.CANCELLED
        registration.cancelled_at = now or timezone.now()
        registration.save(update_fields=["state", "cancelled_at", "updated_at"])
        if was_confirmed:
            promote_waiting(event)
            participation_changed(event, confirmed_before, counts(event)[0])
    return registration


def promote_waiting(event) -> list[Registration]:
    """Confirm people on the waiting list, first come first served, while they fit; each is
    told by e-mail. Call inside the event's lock (cancel and change do)."""
    promoted = []
    confirmed, per_ticket, _waiting = counts(event)
    waiting = Registration.objects.filter(event=event, state=State.WAITING).select_related("ticket")
    for registration in waiting.order_by("created_at", "pk"):
        if event.capacity is not None and confirmed >= event.capacity:
            break
        if not has_room(event, registration.ticket, confirmed, per_ticket):
            continue
        registration.state = State.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.promotion_sent_at = None
        registration.save(update_fields=["state", "promoted_at", "promotion_sent_at", "updated_at"])
        confirmed += 1
        if registration.ticket_id:
            per_ticket[registration.ticket_id] = per_ticket.get(registration.ticket_id, 0) + 1
        promoted.append(registration)
        if registration.email:
            enqueue_durably(lane(tasks.send_promotion, DEFAULT), registration.pk)
        elif registration.remote_actor_id:
            activities.answer_join(registration, "Accept")
    return promoted


def change(
    registration: Registration,
    *,
    name=None,
    organisation=None,
    ticket=None,
    answers=None,
    listed=None,
    by_hand=False,
) -> Registration:
    """Change what a person gave: name, organisation, answers, ticket (if it has room)."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_related("ticket", "user").get(pk=registration.pk)
        if registration.state == State.CANCELLED:
            raise RegistrationError("cancelled", _("This registration was cancelled."))
        if name is not None:
            if not name.strip():
                raise RegistrationError("missing", _("A name is needed."))
            registration.name = name.strip()[:NAME_MAX]
        if organisation is not None:
            registration.organisation = organisation.strip()[:ORGANISATION_MAX]
        if answers is not None:
            registration.answers = answers
        if listed is not None:
            registration.listed = bool(listed) and registration.user_id is not None
        freed = False
        if ticket is not None:
            member = _is_member(registration.user, registration.remote_actor)
            chosen = _choose_ticket(event, ticket, member=member, by_hand=by_hand)
            if chosen.pk != registration.ticket_id:
                if registration.state == State.CONFIRMED:
                    confirmed, per_ticket, _waiting = counts(event)
                    # Its own place does not count against the new ticket's total.
                    if not has_room(event, chosen, confirmed - 1, per_ticket):
                        raise RegistrationError("full", _("This ticket has no place left."))
                    freed = registration.ticket is not None and (
                        registration.ticket.capacity is not None
                    )
                registration.ticket = chosen
                registration.ticket_name = chosen.name
                registration.price = chosen.price
        registration.save()
        if freed:
            promote_waiting(event)
    return registration


def resend_confirmation(registration: Registration, now=None) -> bool:
    """Send the confirmation (with the manage link) again to the registered address, at most
    every ten minutes: typing someone's e-mail in the form must not flood their inbox."""
    now = now or timezone.now()
    horizon = now - dt.timedelta(minutes=RESEND_MINUTES)
    with transaction.atomic():
        updated = (
            Registration.objects.filter(pk=registration.pk, confirmation_sent_at__lt=horizon)
            .exclude(state=State.CANCELLED)
            .update(confirmation_sent_at=None)
        )
        if updated:
            enqueue_durably(lane(tasks.send_confirmation, DEFAULT), registration.pk)
    return bool(updated)


def mark_paid(registration: Registration, paid: bool = True, now=None) -> Registration:
    """The secretariat saw the bank transfer. An online payment provider would call this too:
    its checkout is opened with the registration's `reference` (and amount), and its webhook
    view (signature checked, replay-safe) finds the registration by that reference and marks it
    paid; nothing else here needs to change."""
    registration.paid = paid
    registration.paid_at = (now or timezone.now()) if paid else None
    registration.save(update_fields=["paid", "paid_at", "updated_at"])
    return registration


def register_by_hand(
    event, *, name, email="", organisation="", ticket=None, language="", answers=None
):
    """The secretariat registers someone (a speaker, a guest, a late arrival): any ticket kind,
    outside the opening dates; places still count."""
    return register(
        event,
        name=name,
        email=email,
        organisation=organisation,
        language=language,
        ticket=ticket,
        answers=answers,
        by_hand=True,
    )


# -- the fediverse sees places fill ------------------------------------------------------------


def participation_changed(event, before: int, after: int) -> None:
    """Queue an `Update` of the event for its followers when its places change in a way they
    should see: it became full, a place freed in a full event, or another tenth of its places
    went. One Update per registration would flood 300 followers' servers for one meeting."""
    if before == after or event.capacity is None or not event.live:
        return
    step = max(event.capacity // 10, 1)
    full_changed = (before >= event.capacity) != (after >= event.capacity)
    if full_changed or before // step != after // step:
        enqueue_durably(lane(publish_page, BULK), event.pk)


def reminder_window(days: int, now=None) -> tuple[dt.datetime, dt.datetime]:
    now = now or timezone.now()
    return now, now + dt.timedelta(days=days)


def link_to_member(registration: Registration, organisation, *, by=None) -> bool:
    """The secretariat knows that this registration's fediverse account speaks for a member
    organisation: link them (its later registrations get the member price), and give this
    registration the member ticket when it holds a public one. Returns whether it moved;
    RegistrationError when it cannot be linked, or the member ticket has no place left."""
    if registration.remote_actor_id is None:
        raise RegistrationError("not_remote", _("Only a fediverse account can be linked."))
    organisation = organisation.get_translation_or_none(Locale.get_default()) or organisation
    if not organisation.is_current_member:
        raise RegistrationError("not_member", _("This organisation is not a member."))
    MemberActor.objects.update_or_create(
        remote_actor_id=registration.remote_actor_id,
        defaults={"organisation": organisation, "linked_by": by, "linked_at": timezone.now()},
    )
    ticket = registration.ticket
    if not registration.is_active or ticket is None or ticket.audience == Audience.MEMBERS:
        return False
    members = [
        t for t in tickets_for(registration.event, member=True) if t.audience == Audience.MEMBERS
    ]
    if not members:
        return False
    # The link stays made when the member ticket is full: the error says so, the ticket stays.
    change(registration, ticket=members[0])
    return True


def unlink_member(remote_actor) -> None:
    """The account no longer speaks for a member: its next registrations pay the public price
    (those made meanwhile keep theirs; the secretariat changes them by hand if need be)."""
    MemberActor.objects.filter(remote_actor=remote_actor).delete()
