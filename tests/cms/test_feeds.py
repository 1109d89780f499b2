"""News feeds and calendars a visitor subscribes to, in their language."""

import xml.etree.ElementTree as ET
from datetime import UTC

import icalendar
import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_lists_the_news_of_its_language(client, make_news, translate):
    """/fr/feeds/news/rss/ lists the French articles, /en/ the English ones, newest first."""
    articles = make_news(3)
    translate(articles[0], "fr", title="Article en français")

    english = ET.fromstring(client.get("/en/feeds/news/rss/").content)
    french = ET.fromstring(client.get("/fr/feeds/news/rss/").content)

    english_titles = [item.findtext("title") for item in english.iter("item")]
    french_titles = [item.findtext("title") for item in french.iter("item")]
    assert english_titles == ["Article 2", "Article 1", "Article 0"]
    assert french_titles == ["Article en français"]
    assert french.find("channel").findtext("language") == "fr"
    link = next(french.iter("item")).findtext("link")
    assert "/fr/" in link and link.startswith("http")


def test_atom_feed_is_valid_and_localized(client, make_news):
    """The Atom feed parses and links each entry to its article."""
    make_news(2)

    response = client.get("/en/feeds/news/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Article 1", "Article 0"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/en/news/article-1/")


def test_event_ics_has_its_time_zone(client, make_events):
    """An event's .ics opens in a calendar program at the right moment, whatever its zone."""
    event = make_events(1, timezone="Europe/Helsinki")[0]

    response = client.get(f"/en/calendar/{event.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("dtstart")
    end = vevent.decoded("dtend")
    assert start.astimezone(UTC) == event.start.astimezone(UTC)
    assert end.astimezone(UTC) == event.end.astimezone(UTC)
    assert vevent["dtstart"].params["TZID"] == "Europe/Helsinki"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    assert vevent.get("dtstamp") is not None
    assert str(vevent["summary"]) == event.title


def test_event_uid_is_stable_across_languages(client, make_events, translate):
    """The French and English calendars give the event the same UID, so it is not duplicated."""
    event = make_events(1)[0]
    translate(event, "fr", title="Rencontre nationale")

    english = icalendar.Calendar.from_ical(client.get(f"/en/calendar/{event.pk}.ics").content)
    french = icalendar.Calendar.from_ical(client.get(f"/fr/calendar/{event.pk}.ics").content)
    again = icalendar.Calendar.from_ical(client.get(f"/en/calendar/{event.pk}.ics").content)

    uid = str(english.walk("VEVENT")[0]["uid"])
    assert str(french.walk("VEVENT")[0]["uid"]) == uid
    assert str(again.walk("VEVENT")[0]["uid"]) == uid
    assert str(french.walk("VEVENT")[0]["summary"]) == "Rencontre nationale"


def test_calendar_feed_lists_every_event(client, make_events):
    """The subscribable calendar has past and upcoming events, each with its start."""
    upcoming = make_events(2, prefix="soon")
    past = make_events(1, start_in_days=-20, prefix="before")

    calendar = icalendar.Calendar.from_ical(client.get("/en/calendar/events.ics").content)

    events = calendar.walk("VEVENT")
    assert len(events) == 3
    starts = {str(e["summary"]): e.decoded("dtstart").astimezone(UTC) for e in events}
    for event in upcoming + past:
        assert starts[event.title] == event.start.astimezone(UTC).replace(microsecond=0)
    assert str(calendar["version"]) == "2.0"
    assert calendar.get("prodid")


def test_unknown_event_calendar_is_a_404(client, home):
    """Asking for the calendar of an event that does not exist answers 404."""
    assert client.get("/en/calendar/999999.ics").status_code == 404
