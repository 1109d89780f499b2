"""Editors can open every page type in the Wagtail admin, and events take times in their own zone."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import EventPage
from cms.models.events import EventPageForm, as_wall_clock_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(user)
    return client


def test_every_page_type_opens_in_the_admin(
    admin_client, home, standard_page, make_news, make_events, make_publications
):
    """The edit view of each page type renders, panels and all."""
    pages = [
        home,
        standard_page,
        make_news(1, tags=["opera"])[0],
        make_events(1)[0],
        make_publications(1)[0],
    ]
    pages += [page.get_parent() for page in pages[2:]]
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


def test_event_form_reads_times_in_the_events_zone(make_events):
    """An editor in Paris editing a Helsinki event sees and types Helsinki wall-clock times."""
    event = make_events(1, timezone="Europe/Helsinki")[0]
    form_class = EventPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)

    form = form_class(instance=event, for_user=None)
    shown = form.initial["start"]

    helsinki = timezone.localtime(event.start, zoneinfo.ZoneInfo("Europe/Helsinki"))
    assert shown == helsinki.replace(tzinfo=None)
    assert isinstance(shown, datetime.datetime)


def test_typed_times_are_read_in_the_events_zone(settings):
    """09:30 typed by an editor in Paris for a Helsinki event is 09:30 in Helsinki (06:30 UTC)."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    typed = datetime.datetime(2027, 6, 4, 9, 30, tzinfo=paris)
    with timezone.override(paris):
        stored = as_wall_clock_in(typed, zoneinfo.ZoneInfo("Europe/Helsinki"))
    assert stored.astimezone(datetime.UTC) == datetime.datetime(
        2027, 6, 4, 6, 30, tzinfo=datetime.UTC
    )


def _event_edit_data(event, **changes):
    """The event's edit form as the admin posts it (the editor changes only `changes`)."""
    local = {
        name: timezone.localtime(getattr(event, name), event.tzinfo) for name in ("start", "end")
    }
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "timezone": event.timezone,
        "start": local["start"].strftime("%Y-%m-%d %H:%M"),
        "end": local["end"].strftime("%Y-%m-%d %H:%M"),
        "venue": event.venue,
        "city": event.city,
        "country": event.country.code,
        "body": streamfield([]),
        "programme": streamfield([]),
        "related_publications": inline_formset([]),
        "comments": inline_formset([]),
        "ticket_kinds": inline_formset([]),
        "registration_questions": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


def test_event_ending_before_it_starts_is_refused_in_the_admin(admin_client, make_events):
    """An editor who types an end before the start gets the form back with a message on the end
    field, and the event is not changed."""
    event = make_events(1, timezone="Europe/Helsinki")[0]
    url = f"/admin/pages/{event.pk}/edit/"

    response = admin_client.post(url, _event_edit_data(event, end="2020-01-01 08:00"))

    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["The event cannot end before it starts."]
    assert "The event cannot end before it starts." in response.content.decode()
    stored = EventPage.objects.get(pk=event.pk)
    assert stored.end == event.end
    assert not stored.has_unpublished_changes

    # The same form with a coherent end is saved (so the refusal above was about the dates).
    later = timezone.localtime(event.end, event.tzinfo) + datetime.timedelta(hours=1)
    response = admin_client.post(url, _event_edit_data(event, end=later.strftime("%Y-%m-%d %H:%M")))
    assert response.status_code == 302
    assert EventPage.objects.get(pk=event.pk).get_latest_revision_as_object().end == (
        event.end + datetime.timedelta(hours=1)
    )
