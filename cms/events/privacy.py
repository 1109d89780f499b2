"""A person's event registrations as a section of their personal data (download and erasure).

Registrations are found by account and by the account's e-mail (someone who registered before
signing in). Erasure removes them: the secretariat's counts of past events keep nothing personal.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.privacy.registry import Section, register_section

from .models import Registration


def _rows(user):
    query = Q(user=user)
    if user.email:
        query |= Q(email__iexact=user.email)
    return Registration.objects.filter(query).select_related("event")


def export(user):
    return [
        {
            "event": row.event.title,
            "state": row.state,
            "ticket": row.ticket_name,
            "price": str(row.price),
            "paid": row.paid,
            "name": row.name,
            "organisation": row.organisation,
            "email": row.email,
            "language": row.language,
            "answers": row.answers,
            "in_members_list": row.listed,
            "registered_at": row.created_at.isoformat(),
        }
        for row in _rows(user).order_by("created_at")
    ]


def erase(user):
    count, _detail = _rows(user).delete()
    return {"event registrations": count}


def register():
    register_section(
        Section(
            key="event_registrations",
            title=_("Event registrations"),
            explanation=_("The events you registered for, what you answered and paid."),
            on_erasure=_("Deleted."),
            export=export,
            erase=erase,
            order=60,
        )
    )
