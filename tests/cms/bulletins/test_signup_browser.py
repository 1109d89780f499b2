"""In Chromium: a visitor signs up on the French form, follows the e-mail's confirmation link,
then changes their language and unsubscribes from the preferences page, never signing in."""

import re

import pytest
from django.core import mail
from wagtail.models import Locale

from cms.bulletins.models import MailingList, Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^/\s]+(/fr/bulletin/confirm/[^\s]+/)")


def test_sign_up_confirm_and_manage_preferences(
    browser,
    live_server,
    transactional_home,
):
    """Sign up -> the e-mail's link asks, its button confirms -> the preferences page saves a new language ->
    one button unsubscribes; no page shows the address."""
    MailingList.objects.create(name="The e-bulletin", locale=Locale.objects.get(language_code="en"))
    mail.outbox.clear()
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/fr/bulletin/subscribe/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("#id_email").fill("ana@example.org")
    page.locator("#id_language").select_option("fr")
    page.locator("#id_lists_0").check()
    page.locator("#subscribe-form button[type=submit]").click()
    page.wait_for_selector(".bulletin-notice")
    assert Subscriber.objects.get().state == Subscriber.State.PENDING

    path = LINK.search(mail.outbox[0].body).group(1)
    page.goto(live_server.url + path)
    assert Subscriber.objects.get().state == Subscriber.State.PENDING
    page.locator("#confirm-form button[type=submit]").click()
    page.wait_for_selector(".bulletin-notice")
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

    page.locator("main a").last.click()
    page.wait_for_selector("#preferences-form")
    page.locator("#id_language").select_option("de")
    page.locator("#preferences-form button[type=submit]").click()
    page.wait_for_selector(".bulletin-notice")
    assert Subscriber.objects.get().language == "de"
    assert "ana@example.org" not in page.content()

    page.locator("button[name=unsubscribe]").click()
    page.wait_for_selector(".bulletin-notice")
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
    page.close()
