"""In a real browser, on the demo site as `make run` serves it: finding the way as a newcomer.

Joining from *How to join*, signing in and out from the header, the menu folded on a phone (by
keyboard, and open without JavaScript), the joint statement, the favicon, and the site's own
error pages with DEBUG off (static files, pictures and the chat still working)."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**kwargs):
        context = browser.new_context(**kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(context_factory):
    return context_factory(locale="en-GB")


def _sign_in(page, username="member", password="member"):
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def test_how_to_join_shows_fees_and_leads_to_the_form(page, demo_site):
    """From the menu, *How to join* shows the fee bands and its button opens the application form."""
    page.goto(demo_site.url + "/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="How to join").click()
    cities = page.locator("table.fee-band", has=page.locator("caption", has_text="City"))
    # Demo bands: cities from 50,000 to 250,000 inhabitants pay 1,500 € a year.
    row = cities.locator("tr", has_text="50,000 to 250,000")
    assert "1,500 €" in row.inner_text()
    page.get_by_role("link", name="Apply to join").first.click()
    page.wait_for_url(re.compile(r"/en/membership/join/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Join the network"


def test_french_how_to_join_leads_to_the_french_form(context_factory, demo_site):
    """A French visitor finds the same way, in French, to the French form."""
    page = context_factory(locale="fr-FR")
    page.goto(demo_site.url + "/fr/")
    page.locator(".site-nav").get_by_role("link", name="Adhérer au réseau").click()
    assert page.locator("table.fee-band").count() >= 5
    page.get_by_role("link", name="Demander l’adhésion").first.click()
    page.wait_for_url(re.compile(r"/fr/membership/join/$"))
    assert page.locator("html").get_attribute("lang") == "fr"


def test_sign_in_and_out_from_the_header(page, demo_site):
    """*Sign in* in the header brings the member back to the page; the account menu opens by
    keyboard and *Sign out* signs them out."""
    page.goto(demo_site.url + "/en/news/")
    _sign_in(page)
    page.wait_for_url(re.compile(r"/en/news/$"))
    summary = page.locator(".account-menu summary")
    assert "member" in summary.inner_text()
    assert page.get_by_role("link", name="Sign in").count() == 0

    summary.focus()
    page.keyboard.press("Enter")
    my_account = page.get_by_role("link", name="My account")
    assert my_account.is_visible()
    page.keyboard.press("Escape")
    assert not my_account.is_visible()

    summary.click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.locator(".account-menu").count() == 0


def test_phone_folds_the_navigation_behind_a_menu_button(context_factory, demo_site):
    """On a phone the header is one line with a *Menu* button; it opens and closes by keyboard."""
    page = context_factory(locale="en-GB", viewport=PHONE)
    page.goto(demo_site.url + "/en/")
    toggle = page.get_by_role("button", name="Menu")
    menu_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="How to join")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible() and not page.get_by_role("searchbox").is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < PHONE["height"] * 0.15, header_height

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible() and page.get_by_role("searchbox").is_visible()
    assert page.get_by_role("navigation", name="Languages").is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu_link.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")

    toggle.click()
    menu_link.click()
    page.wait_for_url(re.compile(r"/en/how-to-join/$"))


def test_phone_without_javascript_keeps_the_navigation_open(context_factory, demo_site):
    """Without JavaScript there is no button to press: the navigation is simply shown."""
    page = context_factory(locale="en-GB", viewport=PHONE, java_script_enabled=False)
    page.goto(demo_site.url + "/en/")
    assert not page.locator(".nav-toggle").is_visible()
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="How to join")
        .is_visible()
    )


def test_desktop_shows_the_navigation_without_a_button(page, demo_site):
    """On a wide screen the menu is always shown and no *Menu* button is offered."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site.url + "/en/")
    assert not page.locator(".nav-toggle").is_visible()
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="How to join")
        .is_visible()
    )


def test_joint_statement_from_the_menu_and_the_home_page(page, demo_site):
    """The joint statement is presented on the home page and linked from the main menu."""
    page.goto(demo_site.url + "/en/")
    section = page.locator(".home-statement")
    assert "The value of international cultural networks" in section.inner_text()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Joint statement").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "The value of international cultural networks"
    )


def test_site_pages_with_debug_off(page, demo_site):
    """An unknown French address shows the site's own 404 in French (not a debug page), with its
    stylesheet, pictures and favicon served."""
    response = page.goto(demo_site.url + "/fr/nulle-part/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    text = page.locator("body").inner_text()
    assert "URLconf" not in text and "DEBUG = True" not in text
    assert page.locator(".site-header .brand").is_visible()
    # The stylesheet applied: the header has its background colour.
    background = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(244, 241, 238)"

    page.goto(demo_site.url + "/en/")
    image = page.locator("main img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )

    icon = page.request.get(demo_site.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] in (
        "image/x-icon",
        "image/vnd.microsoft.icon",
    )
    svg = page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    assert page.request.get(demo_site.url + svg).status == 200


def test_chat_connects_from_localhost(page, demo_site):
    """The discussion's socket opens from http://localhost:PORT as from http://127.0.0.1:PORT."""
    local = demo_site.url.replace("127.0.0.1", "localhost")
    page.goto(local + "/en/news/")
    _sign_in(page)
    page.wait_for_url(re.compile(r"/en/news/$"))
    page.goto(local + "/en/groups/culture-and-cities/")
    page.wait_for_selector("[data-chat][data-connected='true']")
