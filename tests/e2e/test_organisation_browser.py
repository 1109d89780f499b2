"""In Chromium, on the demo site: an organisation's page shows its initials when it has no logo,
its own news, and a "Follow on the fediverse" box whose button copies the handle and says so to
screen readers; without JavaScript the handle is plain, selectable text. axe-core finds nothing
serious on it, on a desktop and on a phone."""

import re

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
HANDLE = re.compile(r"@\w+@127\.0\.0\.1:\d+")

# A news article written by Lille, and Lille's actor (the worker makes it after the demo loads;
# made here at once so that the test does not wait for it).
_LILLE_NEWS = """
import datetime
from cms.models import NewsArticlePage, NewsIndexPage, OrganisationPage
from federation.actors import ensure_page_actor
lille = OrganisationPage.objects.get(slug="lille", locale__language_code="en")
ensure_page_actor(lille)
index = NewsIndexPage.objects.get(locale__language_code="en")
if not NewsArticlePage.objects.filter(slug="lille-opens-its-archives").exists():
    article = NewsArticlePage(
        title="Lille opens its archives", slug="lille-opens-its-archives",
        date=datetime.date(2026, 2, 1), summary="Old maps for everyone.",
        author_organisation=lille,
    )
    index.add_child(instance=article)
    article.save_revision().publish()
print(lille.url_path)
"""


@pytest.fixture(scope="module")
def lille(demo_site):
    """The English path of Lille's page, once it has written a news article."""
    demo_site.manage("shell", "-c", _LILLE_NEWS)
    return "/en/members/lille/"


@pytest.fixture
def open_page(browser, demo_site):
    contexts = []

    def _open(path, **kwargs):
        kwargs.setdefault("viewport", DESKTOP)
        context = browser.new_context(locale="en-GB", **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        response = page.goto(demo_site.url + path)
        assert response.status == 200
        return page

    yield _open
    for context in contexts:
        context.close()


def clipboard_context():
    return {"permissions": ["clipboard-read", "clipboard-write"]}


def test_copy_button_copies_the_handle_and_announces_it(open_page, lille):
    """Pressing "Copy the handle" puts the handle on the clipboard and the status region says
    "Copied"; pressing it again says so again."""
    page = open_page(lille, **clipboard_context())
    handle = page.locator(".fediverse-handle").inner_text()
    assert HANDLE.fullmatch(handle)
    button = page.get_by_role("button", name="Copy the handle")
    assert button.is_visible()
    status = page.locator("[data-copy-status]")
    assert status.get_attribute("aria-live") == "polite"

    page.evaluate(
        """() => {
            window.__announced = [];
            const status = document.querySelector('[data-copy-status]');
            new MutationObserver(() => {
                if (status.textContent) window.__announced.push(status.textContent);
            }).observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    button.click()
    page.wait_for_function("() => window.__announced.length === 1")
    assert page.evaluate("window.__announced") == ["Copied"]
    assert page.evaluate("navigator.clipboard.readText()") == handle

    page.evaluate("navigator.clipboard.writeText('something else')")
    button.click()
    page.wait_for_function("() => window.__announced.length === 2")
    assert page.evaluate("window.__announced") == ["Copied", "Copied"]
    assert page.evaluate("navigator.clipboard.readText()") == handle


def test_keyboard_user_copies_with_enter_and_keeps_focus(open_page, lille):
    """A keyboard user reaches the button, copies with Enter, and focus stays on the button."""
    page = open_page(lille, **clipboard_context())
    button = page.get_by_role("button", name="Copy the handle")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('[data-copy-status]').textContent === 'Copied'"
    )
    assert page.evaluate("document.activeElement.hasAttribute('data-copy-button')")
    assert HANDLE.fullmatch(page.evaluate("navigator.clipboard.readText()"))


def test_refused_copy_selects_the_handle_and_says_how(open_page, lille, browser, demo_site):
    """When the browser refuses to copy, the handle is selected and the visitor is told to copy
    it themselves."""
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    context.add_init_script(
        """
        Object.defineProperty(navigator, 'clipboard', {value: {
            writeText: () => Promise.reject(new Error('denied'))}});
        document.execCommand = () => false;
        """
    )
    try:
        page = context.new_page()
        page.goto(demo_site.url + lille)
        page.get_by_role("button", name="Copy the handle").click()
        page.wait_for_function(
            "() => document.querySelector('[data-copy-status]').textContent.startsWith('Could not copy')"
        )
        selected = page.evaluate("window.getSelection().toString()").strip()
        assert selected == page.locator(".fediverse-handle").inner_text()
    finally:
        context.close()


def test_without_javascript_the_handle_is_text_and_no_dead_button(open_page, lille):
    """Without JavaScript the handle is shown as text to select, and no button that would do
    nothing is shown."""
    page = open_page(lille, java_script_enabled=False)
    assert HANDLE.fullmatch(page.locator(".fediverse-handle").inner_text())
    assert page.locator("button").filter(has_text="Copy").count() == 0
    assert "Follow on the fediverse" in page.locator(".fediverse-follow").inner_text()


def test_page_shows_initials_and_the_organisations_news(open_page, lille):
    """Lille has no logo: its page shows its initial in a badge; its news are listed and link to
    the article."""
    page = open_page(lille)
    badge = page.locator(".initials-badge")
    assert badge.is_visible() and badge.inner_text() == "L"
    box = badge.bounding_box()
    assert box["width"] > 40 and abs(box["width"] - box["height"]) < 2
    news = page.locator("section[aria-labelledby=org-news]")
    assert news.get_by_role("heading", name="News from Lille").is_visible()
    news.get_by_role("link", name="Lille opens its archives").click()
    page.wait_for_url(re.compile(r"/en/news/lille-opens-its-archives/"))


def test_translated_page_copies_the_same_handle(open_page, lille, demo_site):
    """On the French page of the organisation the box copies the same handle (one actor for
    every language) and the page is in French."""
    english = open_page(lille)
    french_url = english.locator("link[rel=alternate][hreflang=fr]").get_attribute("href")
    handle = english.locator(".fediverse-handle").inner_text()
    page = open_page(french_url.removeprefix(demo_site.url), **clipboard_context())
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".fediverse-handle").inner_text() == handle
    page.locator("[data-copy-button]").click()
    page.wait_for_function("() => document.querySelector('[data-copy-status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == handle


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_organisation_page_has_no_serious_accessibility_violation(open_page, lille, viewport):
    """axe-core finds nothing serious or critical on an organisation's page, and on a phone the
    page does not scroll sideways."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(lille, viewport=viewport)
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
