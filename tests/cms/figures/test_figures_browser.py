"""In Chromium: a member fills in the yearly questionnaire, the secretariat publishes the year,
and the public chart changes."""

import re

import pytest
from django.test import Client

from cms.figures.models import Collection
from tests.cms.members_helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_member_answers_and_the_chart_changes_once_published(
    browser,
    live_server,
    transactional_home,
    figures_page,
    make_collection,
    respond,
    orgs,
):
    """Four members have answered; the fifth fills in the form in the browser and submits; the
    figures page shows nothing until the secretariat publishes, then the year's staff total."""
    collection = make_collection(year=2025)
    for organisation in orgs(4, country="FR"):
        respond(collection, organisation, staff=100)
    contact = make_user("contact", organisation=orgs(1, country="FR")[0])
    secretariat = make_user("secretariat", staff=True)

    visitor = browser.new_page()
    visitor.goto(live_server.url + "/en/figures/")
    assert "No year of figures has been published yet." in visitor.locator("main").inner_text()

    member = signed_in(browser, live_server, contact)
    member.goto(live_server.url + "/en/figures/questionnaire/")
    member.get_by_label("How many people work for you (full-time equivalents)?").fill("1,234")
    member.get_by_label("A mix of everything").check()
    member.get_by_role("button", name="Submit my figures").click()
    member.wait_for_url(re.compile(r"/en/figures/questionnaire/$"))
    assert "your figures are submitted" in member.locator("main").inner_text()

    admin = signed_in(browser, live_server, secretariat)
    admin.goto(live_server.url + f"/admin/figures/{collection.pk}/")
    assert "5 of 5 organisations have submitted" in admin.locator("main").inner_text()
    admin.get_by_role("button", name="Publish this year's aggregates").click()
    admin.wait_for_load_state()
    assert Collection.objects.get(pk=collection.pk).state == "published"

    visitor.reload()
    chart = visitor.locator("figure", has_text="Staff, by year")
    assert "1,634" in chart.locator("svg").inner_html()  # 4 x 100 + 1,234
    chart.get_by_text("The figures as a table").click()
    assert chart.locator("table tbody").inner_text().split() == ["2025", "1,634"]
    for page in (visitor, member, admin):
        page.context.close()
