"""In Chromium, on the demo site: the directory's filters apply as they change (and still work
without JavaScript), fold above the results on a phone, and the search results show kinds,
dates and marked words; axe-core finds nothing serious on these pages."""

import re

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**kwargs):
        context = browser.new_context(locale="en-GB", **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def counts(page):
    """Every facet option's count on the page, by facet and value."""
    return page.eval_on_selector_all(
        "fieldset[data-facet] input[type=checkbox]",
        """inputs => Object.fromEntries(inputs.map(i => [
            i.name + '=' + i.value,
            i.closest('label').querySelector('.facet-count').dataset.count,
        ]))""",
    )


def titles(page):
    return page.locator(".organisation-card h3").all_inner_texts()


def expect(locator):
    """Playwright's assertions (imported when a browser test runs, like the browser itself)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_facets_apply_as_they_change_keeping_focus_and_counts(context_factory, demo_site):
    """Ticking a country filters the list at once, without leaving the page: the address
    follows, focus stays on the box, the new count is announced, and every count is the one the
    server gives for that address."""
    page = context_factory(viewport=DESKTOP)
    page.goto(demo_site.url + "/en/members/")
    page.evaluate("window.__samePage = true")
    before = page.locator("#results-title").inner_text()
    assert before.startswith("All ")

    page.locator("input[name=country][value=FI]").check()
    page.wait_for_url(re.compile(r"country=FI"))
    # expect() polls through the protocol: a string predicate would be eval'd, which the CSP
    # forbids.
    expect(page.locator("[data-facet-status]")).to_contain_text("match")
    assert page.evaluate("window.__samePage") is True, "the page was reloaded"
    assert page.evaluate("document.activeElement.name + '=' + document.activeElement.value") == (
        "country=FI"
    )
    assert "Rovaniemi" in titles(page) and "Lille" not in titles(page)
    heading = page.locator("#results-title").inner_text()
    assert re.fullmatch(r"\d+ of \d+ organisations? match(es)? these filters", heading)
    assert page.locator("[data-facet-status]").inner_text() == heading
    assert "(1 chosen)" in page.locator(".facet-disclosure summary").inner_text()

    page.locator("input[name=kind][value=city]").check()
    page.wait_for_url(re.compile(r"kind=city"))
    expect(page.locator(".organisation-card")).to_have_count(1)
    assert titles(page) == ["Rovaniemi"]
    live_counts = counts(page)

    fresh = context_factory(viewport=DESKTOP)
    fresh.goto(page.url)
    assert counts(fresh) == live_counts
    assert titles(fresh) == ["Rovaniemi"]

    # Words typed in the search box apply after a pause, focus staying in the box.
    page.locator("#facet-q").fill("Rovaniemi")
    page.wait_for_url(re.compile(r"q=Rovaniemi"))
    assert page.evaluate("document.activeElement.id") == "facet-q"
    assert page.evaluate("window.__samePage") is True

    # Unticking gives the first list back.
    page.goto(demo_site.url + "/en/members/?country=FI")
    page.locator("input[name=country][value=FI]").uncheck()
    page.wait_for_url(lambda url: "country=" not in url)
    expect(page.locator("#results-title")).to_have_text(before)


def test_filters_work_without_javascript(context_factory, demo_site):
    """With JavaScript off, ticking a box and pressing "Apply filters" loads the filtered list."""
    page = context_factory(viewport=DESKTOP, java_script_enabled=False)
    page.goto(demo_site.url + "/en/members/")
    page.locator("input[name=country][value=FI]").check()
    assert "country=FI" not in page.url
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=FI"))
    assert "Rovaniemi" in titles(page) and "Lille" not in titles(page)
    assert page.locator("details.facet-disclosure").get_attribute("open") is not None


def test_phone_folds_filters_above_the_results(context_factory, demo_site):
    """On a phone the filters are a closed disclosure above the first result; opened, they show
    every country and kind whole, with no scroll box."""
    page = context_factory(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(demo_site.url + "/en/members/")
    disclosure = page.locator("details.facet-disclosure")
    assert disclosure.evaluate("d => d.open") is False
    summary_box = page.locator(".facet-disclosure summary").bounding_box()
    first_card = page.locator(".organisation-card").first.bounding_box()
    assert summary_box["y"] < first_card["y"] < 1000, (summary_box, first_card)
    assert summary_box["height"] >= 24

    page.locator(".facet-disclosure summary").click()
    assert disclosure.evaluate("d => d.open") is True
    for facet in ("country", "kind"):
        lists = page.locator(f"fieldset[data-facet={facet}] ul")
        assert lists.evaluate(
            "ul => ul.scrollHeight <= ul.clientHeight + 1"
            " && getComputedStyle(ul).overflowY === 'visible'"
        ), facet
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Filtering on the phone keeps the disclosure open while the visitor chooses.
    page.locator("input[name=country][value=FI]").check()
    page.wait_for_url(re.compile(r"country=FI"))
    assert disclosure.evaluate("d => d.open") is True

    wide = context_factory(viewport=DESKTOP)
    wide.goto(demo_site.url + "/en/members/")
    assert wide.locator("details.facet-disclosure").evaluate("d => d.open") is True


def test_directory_summary_says_what_it_counts(context_factory, demo_site):
    """The members' count and the listed organisations' count are told apart in words."""
    page = context_factory(viewport=DESKTOP)
    page.goto(demo_site.url + "/en/members/")
    assert re.search(
        r"\d+ members from \d+ countries", page.locator(".directory-summary").inner_text()
    )
    note = page.locator(".directory-note").inner_text()
    listed = int(re.search(r"lists (\d+) organisations", note).group(1))
    assert page.locator("#results-title").inner_text() == f"All {listed} listed organisations"


def test_search_results_show_kind_date_marks_and_kind_filter(context_factory, demo_site):
    """Search results name their kind, show marked words, and the kind filter narrows them live
    with its counts."""
    page = context_factory(viewport=DESKTOP)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(demo_site.url + "/en/search/?q=culture")
    results = page.locator(".search-result")
    assert results.count() > 0
    assert page.locator(".search-result .kind").first.inner_text()
    assert page.locator(".search-result mark").count() > 0
    assert re.fullmatch(r"culture\w*", page.locator(".search-result mark").first.inner_text(), re.I)
    kinds = page.locator("fieldset[data-facet=kind] input")
    assert kinds.count() >= 2
    first_kind = kinds.first
    value = first_kind.get_attribute("value")
    expected = int(
        page.locator(
            f"fieldset[data-facet=kind] input[value={value}] ~ .facet-count"
        ).get_attribute("data-count")
    )
    label = first_kind.evaluate(
        "i => i.closest('label').textContent.replace(/\\(\\d+\\)/, '').trim()"
    )
    page.evaluate("window.__samePage = true")
    first_kind.check()
    page.wait_for_url(re.compile(rf"kind={value}"))
    expect(page.locator("#results-title")).to_have_text(re.compile(rf"^\s*{expected} result"))
    assert page.evaluate("window.__samePage") is True
    assert set(page.locator(".search-result .kind").all_inner_texts()) == {label}
    if page.locator(".search-result time").count():
        assert re.fullmatch(
            r"\d{4}-\d{2}-\d{2}",
            page.locator(".search-result time").first.get_attribute("datetime"),
        )

    page.goto(demo_site.url + "/en/search/?q=%3Cscript%3Ealert(1)%3C/script%3E+culture")
    assert page.locator("#search-q").input_value() == "<script>alert(1)</script> culture"
    assert dialogs == []


@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        ("/en/members/", DESKTOP),
        ("/en/members/?country=FI", PHONE),
        ("/fr/search/?q=culture", DESKTOP),
    ],
)
def test_listing_has_no_serious_accessibility_violation(context_factory, demo_site, path, viewport):
    """axe-core finds nothing serious or critical on the directory (desktop and phone) and on
    search results."""
    from axe_playwright_python.sync_playwright import Axe

    page = context_factory(viewport=viewport)
    response = page.goto(demo_site.url + path)
    assert response.status == 200
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)
