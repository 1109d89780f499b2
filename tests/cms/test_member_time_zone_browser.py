"""In Chromium: a member takes the browser's time zone on the account page, then chooses
another, and the discussion shows its times in the chosen zone, not the browser's."""

import datetime
import re

import pytest
from django.test import Client
from wagtail.users.models import UserProfile

from collaboration import services as collaboration
from collaboration.models import Message, Topic, WorkingGroup
from tests.cms.members_helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: 16:30 UTC on 1 March 2026: 11:30 that morning in New York, 01:30 the next day in Tokyo.
MOMENT = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)


def zone_of(user):
    return UserProfile.objects.get(user=user).current_time_zone


def test_member_takes_the_browsers_zone_then_chooses_another_for_the_chat(
    browser,
    live_server,
    transactional_home,
):
    """In a browser set to Tokyo, the account page offers Tokyo; the member takes it, then
    chooses New York, and the discussion's message reads 11:30 on 1 March (not Tokyo's 01:30
    on 2 March)."""
    member = make_user("ana")
    group = collaboration.create_group(
        "Open forum",
        slug="open-forum",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy=WorkingGroup.JoinPolicy.OPEN,
        convenor=member,
    )
    message, _created = collaboration.post_message(member, group, "Agenda", "Hello all")
    Message.objects.filter(pk=message.pk).update(created_at=MOMENT)
    Topic.objects.filter(pk=message.topic_id).update(last_activity=MOMENT)

    client = Client()
    client.force_login(member)
    context = browser.new_context(locale="en-US", timezone_id="Asia/Tokyo")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/en/membership/")
        page.get_by_role("button", name="Use it (Asia/Tokyo)").click()
        assert page.get_by_role("combobox", name="Time zone").input_value() == "Asia/Tokyo"
        page.get_by_role("button", name="Save the time zone").click()
        page.wait_for_url(re.compile(r"/en/membership/$"))
        assert "Your time zone is now Asia/Tokyo." in page.locator("main").inner_text()
        assert zone_of(member) == "Asia/Tokyo"
        # Chosen: no more suggestion.
        assert page.get_by_role("button", name=re.compile("^Use it")).count() == 0

        page.get_by_role("combobox", name="Time zone").select_option("America/New_York")
        page.get_by_role("button", name="Save the time zone").click()
        page.wait_for_url(re.compile(r"/en/membership/$"))
        assert zone_of(member) == "America/New_York"

        page.goto(live_server.url + "/en/groups/open-forum/?view=all")
        assert page.get_attribute("html", "data-time-zone") == "America/New_York"
        shown = page.locator(f"#m-{message.pk} .chat-meta time")
        shown.wait_for()
        page.wait_for_function(
            "el => !/\\//.test(el.textContent)", arg=shown.element_handle()
        )  # chat.js has rewritten the server's "03/01/2026 11:30 a.m."
        text = re.sub(r"\s", " ", shown.text_content())
        assert text == "11:30 AM", text
        # The day separator is New York's day, not Tokyo's 2 March.
        assert page.locator(".chat-day").get_attribute("data-day") == "2026-03-01"
    finally:
        context.close()
