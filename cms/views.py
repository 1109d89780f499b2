"""Views of the site outside the page tree: search and the calendar of one event."""

from django.http import Http404
from django.shortcuts import render

from cms.feeds import build_calendar, ical_response
from cms.i18n import localized
from cms.models.events import EventPage
from cms.search.results import site_search


def search(request):
    """Pages in the visitor's language matching ?q=, by kind, with snippets; other languages are
    not searched."""
    return render(request, "cms/search.html", site_search(request))


def event_calendar(request, page_id):
    """One event as an .ics file, in the language of the URL when it is translated."""
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404
    event = localized([event])[0]
    calendar = build_calendar([event], request, event.title)
    return ical_response(calendar, f"{event.slug}.ics")
