"""In Chromium: a visitor registers on the event page, receives the e-mail, follows its link,
cancels, and the first person on the waiting list moves up."""

import re

import pytest
from django.core import mail

from cms.events import services
from cms.events.models import Registration
from cms.models import EventIndexPage

from .conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^\s]+(/en/registration/r/[A-Za-z0-9_-]+/)")


def test_register_get_the_link_cancel_and_the_waiting_list_moves(
    browser,
    live_server,
    transactional_home,
):
    """Register in the browser -> confirmation e-mail with the link -> cancel there -> the
    person waiting is confirmed and told by e-mail."""
    index = EventIndexPage(title="Events", slug="events")
    transactional_home.add_child(instance=index)
    event = make_event(index, capacity=1, slug="assembly")
    mail.outbox.clear()

    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + event.url)
    form = page.locator("form.registration-form")
    form.get_by_label("Name").fill("Ana Silva")
    form.get_by_label("Organisation").fill("Porto 2027")
    form.get_by_label("E-mail").fill("ana@example.org")
    form.get_by_label("I agree", exact=False).check()
    form.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/en/registration/r/"))
    assert page.locator("#registration-state").inner_text() == "Confirmed"

    waiting = services.register(event, name="Bo", email="bo@example.org").registration
    assert waiting.state == Registration.State.WAITING
    [confirmation] = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    path = LINK.search(confirmation.body).group(1)

    page.goto(live_server.url + path)
    page.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_load_state()
    assert page.locator("#registration-state").inner_text() == "Cancelled"
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.CONFIRMED
    assert any(m.to == ["bo@example.org"] and "A place is yours" in m.subject for m in mail.outbox)
    page.context.close()
