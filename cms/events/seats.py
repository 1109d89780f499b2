"""What an event's registration looks like right now: open or not, tickets, places left.

Read-only; the verbs in `services` and the fediverse fields in `activities` both use it.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from cms.i18n import source_page

from .models import Registration, TicketKind

State = Registration.State
Audience = TicketKind.Audience


def source_event(event):
    """The source-language page of an event (any translation)."""
    return source_page(event)


def registration_status(event, now=None) -> str:
    """'open', 'disabled', 'not_yet', 'closed' or 'past' for the event's source page."""
    event = source_event(event)
    now = now or timezone.now()
    if not event.registration_enabled:
        return "disabled"
    if (event.end or event.start) < now:
        return "past"
    if event.registration_opens and now < event.registration_opens:
        return "not_yet"
    if event.registration_closes and now >= event.registration_closes:
        return "closed"
    return "open"


def tickets_for(event, *, member: bool, by_hand: bool = False) -> list[TicketKind]:
    """The source ticket kinds a person may take: members get the member tickets (their price
    applies automatically) or, when there are none, the public ones; others the public ones;
    the secretariat any."""
    tickets = list(
        TicketKind.objects.filter(event=source_event(event)).order_by("sort_order", "pk")
    )
    if by_hand:
        return tickets
    public = [t for t in tickets if t.audience == Audience.EVERYONE]
    if member:
        members = [t for t in tickets if t.audience == Audience.MEMBERS]
        return members or public
    return public


def counts(event) -> tuple[int, dict[int, int], int]:
    """(confirmed in total, confirmed per ticket id, waiting) for the event's source page."""
    rows = (
        Registration.objects.filter(event=source_event(event))
        .exclude(state=State.CANCELLED)
        .values("state", "ticket_id")
        .annotate(n=Count("pk"))
    )
    total, waiting, per_ticket = 0, 0, {}
    for row in rows:
        if row["state"] == State.CONFIRMED:
            total += row["n"]
            per_ticket[row["ticket_id"]] = per_ticket.get(row["ticket_id"], 0) + row["n"]
        else:
            waiting += row["n"]
    return total, per_ticket, waiting


def places_left(event) -> int | None:
    """Places still free in total (None: no limit)."""
    event = source_event(event)
    if event.capacity is None:
        return None
    return max(event.capacity - counts(event)[0], 0)


def has_room(event, ticket, confirmed, per_ticket) -> bool:
    if event.capacity is not None and confirmed >= event.capacity:
        return False
    if ticket is not None and ticket.capacity is not None:
        return per_ticket.get(ticket.pk, 0) < ticket.capacity
    return True
