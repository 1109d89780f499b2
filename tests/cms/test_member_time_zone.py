"""A member's time zone: chosen on the account page (the site's by default), then every date the
site renders for them, the chat's <html data-time-zone> included, is in that zone."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from cms.demo.organisers import set_account_time_zones
from cms.members.timezones import set_time_zone
from collaboration import services as collaboration
from collaboration.models import Message, WorkingGroup
from tests.cms.members_helpers import directory, make_org, make_user  # noqa: F401

pytestmark = pytest.mark.django_db

ACCOUNT = "/en/membership/"
TIME_ZONE_URL = "/en/membership/time-zone/"
#: 13:30 UTC on 1 March 2026: 14:30 in Paris, 22:30 in Tokyo, 08:30 in New York.
MOMENT = datetime.datetime(2026, 3, 1, 13, 30, tzinfo=datetime.UTC)


@pytest.fixture
def member(directory):  # noqa: F811
    return make_user("ana", organisation=make_org(directory, "City of Lille"))


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def chosen(user):
    return UserProfile.objects.filter(user=user).values_list("current_time_zone", flat=True).first()


def html_time_zone(html):
    found = re.search(r'<html [^>]*data-time-zone="([^"]+)"', html)
    return found.group(1) if found else None


def test_account_page_offers_the_sites_time_zone_until_one_is_chosen(signed_in):
    """A member who never chose sees the site's zone (Paris) selected, is told that pages use
    it and the discussions their browser's (the page names no zone for chat.js), and the page
    may suggest the browser's zone."""
    html = signed_in.get(ACCOUNT).content.decode()
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html
    assert (
        "You have not chosen a time zone: pages show dates in the network's (Europe/Paris" in html
    )
    assert "data-suggest-browser" in html
    assert html_time_zone(html) is None


def test_member_chooses_a_time_zone_and_the_account_page_uses_it(signed_in, member):
    """Choosing Tokyo saves it, says so, and the account page then shows Tokyo selected and
    dates in Tokyo; the browser's zone is no longer suggested."""
    response = signed_in.post(TIME_ZONE_URL, {"time_zone": "Asia/Tokyo"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("cms:members:account")
    assert "Your time zone is now Asia/Tokyo." in html
    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in html
    assert "Dates are shown to you in the Asia/Tokyo time zone" in html
    assert "data-suggest-browser" not in html
    assert html_time_zone(html) == "Asia/Tokyo"
    assert chosen(member) == "Asia/Tokyo"


def test_account_page_works_in_every_language(signed_in, member):
    """The time zone section is on the account page in each configured language."""
    set_time_zone(member, "America/New_York")
    for language in ("en", "fr", "de", "es", "it", "pl"):
        response = signed_in.get(f"/{language}/membership/")
        assert response.status_code == 200, language
        assert 'name="time_zone"' in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "Mars/Olympus_Mons",
        "",
        "../../etc/passwd",
        "Europe/Paris\x00",
        "Europe/" + "x" * 5000,
        "europe/paris",
    ],
    ids=["unknown", "empty", "path", "nul", "oversized", "wrong-case"],
)
def test_an_invalid_time_zone_is_refused_with_a_form_error(signed_in, member, value):
    """A zone that is not in the IANA list is answered 400 with the form's error, and the
    member's zone stays as it was."""
    set_time_zone(member, "Europe/Lisbon")
    response = signed_in.post(TIME_ZONE_URL, {"time_zone": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert chosen(member) == "Europe/Lisbon"


def test_a_form_without_the_field_is_refused(signed_in, member):
    """A post that names no zone is a 400 with the form's error, never a 500."""
    response = signed_in.post(TIME_ZONE_URL, {"zone": "Asia/Tokyo"})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not chosen(member)


def test_only_a_signed_in_post_changes_the_time_zone(client, member):
    """Signed out, the form sends to the sign-in page; a GET does not change anything."""
    response = client.post(TIME_ZONE_URL, {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302 and "/membership/login/" in response["Location"]
    client.force_login(member)
    assert client.get(TIME_ZONE_URL).status_code == 405
    assert not chosen(member)


def test_a_stored_zone_that_no_longer_exists_falls_back_to_the_sites(signed_in, member):
    """A profile whose zone is unknown (set elsewhere, or removed from the IANA list) gets the
    site's zone, not an error page."""
    UserProfile.objects.update_or_create(user=member, defaults={"current_time_zone": "Nowhere/X"})
    html = signed_in.get(ACCOUNT).content.decode()
    assert html_time_zone(html) is None
    assert "pages show dates in the network's (Europe/Paris" in html


@pytest.fixture
def discussion(member):
    group = collaboration.create_group(
        "Open forum",
        slug="open-forum",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy=WorkingGroup.JoinPolicy.OPEN,
        convenor=member,
    )
    message, _created = collaboration.post_message(member, group, "Agenda", "Hello all")
    Message.objects.filter(pk=message.pk).update(created_at=MOMENT)
    return "/en/groups/open-forum/"


def test_discussion_times_are_rendered_in_the_members_zone(signed_in, member, discussion):
    """The chat page tells chat.js the member's zone, and its server-rendered times (the
    message, the topic's last activity) are in that zone too: one zone on one page."""
    set_time_zone(member, "Asia/Tokyo")
    html = signed_in.get(discussion).content.decode()
    assert html_time_zone(html) == "Asia/Tokyo"
    assert 'datetime="2026-03-01T22:30:00+09:00"' in html
    assert "03/01/2026 10:30 p.m." in html
    assert "2:30 p.m." not in html


def test_signed_out_visitors_keep_the_sites_zone_after_a_members_request(
    client, signed_in, member, discussion
):
    """A member's zone does not leak into the next request: signed out, times are in the site's
    zone and the page names no zone (the chat uses the browser's own)."""
    set_time_zone(member, "Asia/Tokyo")
    signed_in.get(discussion)
    signed_in.logout()
    html = client.get(discussion).content.decode()
    assert html_time_zone(html) is None
    assert 'datetime="2026-03-01T14:30:00+01:00"' in html


def test_event_page_adds_the_time_in_the_members_zone(signed_in, member, make_events):
    """An event in Warsaw shows its own time, and for a member in New York also the time in
    theirs; a member whose zone has the event's offset, one who chose none, and visitors see
    just the event's."""
    event = make_events(1, timezone="Europe/Warsaw")[0]
    event.start = datetime.datetime(2026, 6, 4, 7, 30, tzinfo=datetime.UTC)
    event.end = event.start + datetime.timedelta(hours=8)
    event.save_revision().publish()
    set_time_zone(member, "America/New_York")
    html = signed_in.get(event.url).content.decode()
    assert "In your time zone" in html
    assert "June 4, 2026, 9:30 a.m." in html  # Warsaw
    assert "June 4, 2026, 3:30 a.m." in html  # New York
    assert "(America/New_York)" in html

    set_time_zone(member, "Europe/Paris")  # the same offset as Warsaw
    assert "In your time zone" not in signed_in.get(event.url).content.decode()
    set_time_zone(member, "")
    assert "In your time zone" not in signed_in.get(event.url).content.decode()
    signed_in.logout()
    assert "In your time zone" not in signed_in.get(event.url).content.decode()


def test_demo_member_gets_a_time_zone_once(member):
    """The demo gives the "member" account its zone, and leaves a zone it chose alone."""
    demo = make_user("member")
    set_account_time_zones()
    assert chosen(demo) == "Europe/Paris"
    set_time_zone(demo, "Europe/Rome")
    set_account_time_zones()
    assert chosen(demo) == "Europe/Rome"
