"""Two people on two sites, each in their own Chromium, talk in one working group live: Alice on
the group's site A, Bob on his own site B, as if they were on one site."""

import pytest

from tests.e2e.group_sites import group_sites

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with group_sites(tmp_path_factory.mktemp("groups-browser")) as cast:
        yield cast


def _page(browser, sites, site, username):
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": sites.keys[site.name][username], "url": site.url}]
    )
    page = context.new_page()
    page.goto(f"{site.url}/en/groups/{sites.slugs[site.name]}/?view=all")
    page.wait_for_selector("[data-chat][data-connected='true']")
    return context, page


def _message(page, text):
    return page.locator(".chat-message", has_text=text)


def test_alice_and_bob_talk_across_two_sites(browser, sites):
    """Bob writes on B and Alice sees it on A, marked with Bob's site; Bob's copy says "Not yet
    delivered" until the group has it; Alice's answer appears on Bob's page."""
    ctx_a, alice = _page(browser, sites, sites.a, "alice")
    ctx_b, bob = _page(browser, sites, sites.b, "bob")
    host_b = sites.b.url.removeprefix("http://")
    try:
        # The group's page on B says where the group lives.
        assert sites.a.url.removeprefix("http://") in bob.locator(".chat-elsewhere").inner_text()
        bob.fill("[name=topic]", "Festival season")
        bob.fill("[name=body]", "Hello from **B**")
        bob.locator("[name=body]").press("Enter")
        on_a = _message(alice, "Hello from B")
        on_a.locator("strong").wait_for()
        assert host_b in on_a.inner_text()
        # Delivered: the pending label goes once the group's Announce is back on B.
        _message(bob, "Hello from B").wait_for()
        bob.wait_for_function(
            "() => ![...document.querySelectorAll('.chat-message')].some("
            "m => m.textContent.includes('Hello from B') && "
            "m.textContent.includes('Not yet delivered'))"
        )

        alice.fill("[name=topic]", "Festival season")
        alice.fill("[name=body]", "Welcome, Bob")
        alice.locator("[name=body]").press("Enter")
        _message(bob, "Welcome, Bob").wait_for()
    finally:
        ctx_a.close()
        ctx_b.close()
