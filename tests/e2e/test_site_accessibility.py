"""The demo site passes axe-core in Chromium: no serious or critical accessibility violation."""

import re

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def first_link(html, prefix):
    """The first link on a listing that leads below `prefix` (an article, an event)."""
    match = re.search(rf'href="({re.escape(prefix)}[^"/]+/)"', html)
    assert match, f"no link under {prefix}"
    return match.group(1)


@pytest.fixture(scope="module")
def pages(demo_site):
    import httpx

    news = httpx.get(demo_site.url + "/en/news/").text
    events = httpx.get(demo_site.url + "/fr/evenements/").text
    return {
        "home (en)": "/en/",
        "home (pl)": "/pl/",
        "news article": first_link(news, "/en/news/"),
        "event (fr)": first_link(events, "/fr/evenements/"),
        "events past (de)": "/de/veranstaltungen/past/",
        "search (es)": "/es/search/?q=cultura",
        "network feed": "/en/network-feed/",
        "membership form (fr)": "/fr/membership/join/",
    }


@pytest.mark.parametrize(
    "name",
    [
        "home (en)",
        "home (pl)",
        "news article",
        "event (fr)",
        "events past (de)",
        "search (es)",
        "network feed",
        "membership form (fr)",
    ],
)
def test_page_has_no_serious_accessibility_violation(browser, demo_site, pages, name):
    """axe-core finds nothing serious or critical on the home page, an article, an event, search,
    the network feed and the membership application form."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    try:
        response = page.goto(demo_site.url + pages[name])
        assert response.status == 200
        results = Axe().run(page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING
        ]
        assert blocking == [], "\n".join(blocking)
        assert page.locator("html").get_attribute("lang") == pages[name].split("/")[1]
    finally:
        page.close()


def test_keyboard_user_can_skip_to_content(browser, demo_site):
    """The first Tab shows the skip link, and following it moves focus to the main content."""
    page = browser.new_page()
    try:
        page.goto(demo_site.url + "/en/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert "skip-link" in focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.close()
