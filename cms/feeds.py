"""Feeds of the site in the visitor's language: news as RSS and Atom, events as iCalendar."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText
from wagtail.models import Locale

from cms.models.events import EventPage
from cms.models.news import NewsArticlePage

FEED_SIZE = 20


def absolute_page_url(page, request=None):
    """The page's address on the site's public origin (SITE_URL), for feeds and calendars."""
    url = page.get_url(request) or ""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


class NewsFeed(Feed):
    """The latest news in the language of the URL (/fr/feeds/news/rss/ lists the French articles)."""

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Locale.get_active()

    def title(self, locale):
        return _("LIKE – news")

    def description(self, locale):
        return _("News of LIKE, European cities and regions for culture.")

    def link(self, locale):
        return f"/{locale.language_code}/"

    def items(self, locale):
        return (
            NewsArticlePage.objects.live()
            .public()
            .filter(locale=locale)
            .order_by("-date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return absolute_page_url(item, self.request)

    def item_guid(self, item):
        return absolute_page_url(item, self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, locale):
        return self.description(locale)


def _event_uid(event):
    # One UID per event whatever the language, so subscribing in two languages does not duplicate.
    return f"{event.translation_key}@{settings.SITE_URL.split('://', 1)[-1]}"


def build_calendar(events, request, name):
    """An iCalendar document of `events`: times with TZID and their VTIMEZONE, stable UIDs."""
    calendar = Calendar()
    calendar.add("prodid", "-//LIKE – European cities and regions for culture//Rencontres//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = Event()
        item.add("uid", _event_uid(event))
        item.add("dtstamp", event.last_published_at or stamp)
        item.add("dtstart", event.local_start)
        if event.end:
            item.add("dtend", event.local_end)
        item.add("summary", event.title)
        description = event.summary or strip_tags(event.search_description or "")
        url = absolute_page_url(event, request)
        item.add("description", f"{description}\n\n{url}".strip())
        item.add("url", url)
        if event.location_label or event.online_url:
            item["location"] = vText(event.location_label or event.online_url)
        item.add("categories", [event.get_kind_display()])
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def ical_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def events_calendar(request):
    """Every published event in the visitor's language: a feed calendar programs subscribe to."""
    events = EventPage.objects.live().public().filter(locale=Locale.get_active()).order_by("start")
    name = _("LIKE – events")
    return ical_response(
        build_calendar(events, request, name), f"like-events-{translation.get_language()}.ics"
    )
