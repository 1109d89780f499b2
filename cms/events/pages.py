"""What the event page shows of registration: open or not, places left, the form."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from cms.access import is_network_member

from . import seats
from .forms import RegistrationForm

PRIVACY_SLUGS = ("privacy", "privacy-notice")


def privacy_url(locale=None) -> str:
    """The privacy notice for the consent box: a page slugged "privacy" in the visitor's
    language (else in any), else EVENTS_PRIVACY_URL, else nothing."""
    pages = Page.objects.live().public().filter(slug__in=PRIVACY_SLUGS)
    locale = locale or Locale.get_active()
    page = pages.filter(locale=locale).first() or pages.first()
    if page is not None:
        return page.get_url() or ""
    return getattr(settings, "EVENTS_PRIVACY_URL", "")


def registration_context(event, request, form=None) -> dict:
    """The registration panel's data for `event` (the page in the visitor's language)."""
    source = seats.source_event(event)
    status = seats.registration_status(source)
    confirmed, _per_ticket, waiting = seats.counts(source)
    left = None if source.capacity is None else max(source.capacity - confirmed, 0)
    user = getattr(request, "user", None)
    if form is None and status == "open":
        form = RegistrationForm(event=event, user=user, privacy_url=privacy_url(event.locale))
    return {
        "registration_status": status,
        "registration_form": form if status == "open" else None,
        "places_left": left,
        "waiting_list_open": source.waiting_list,
        "capacity": source.capacity,
        "event": event,
        "is_member": is_network_member(user),
    }
