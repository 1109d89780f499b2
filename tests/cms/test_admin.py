"""Editors can open every page type in the Wagtail admin, and events take times in their own zone."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import EventPage
from cms.models.pages import EventPageForm, as_wall_clock_in

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
