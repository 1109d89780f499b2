"""In a real browser: B's editor follows @like@A from the admin (look up, confirm, pending then
accepted), then reads A's news on B's network feed page."""

import re
import time

import pytest

from tests.e2e.site_scripts import FEED_SITE, publish_news
from tests.servers import federated_pair

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with federated_pair(tmp_path_factory.mktemp("feed-browser")) as pair:
        yield pair


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_admin_follow_flow_and_feed(page, sites):
    """In B's admin an editor is told an unknown handle is unknown, follows @like@A after seeing
    its name and kind, watches the follow turn accepted, then finds A's new article in B's feed,
    in English, linking to the original."""
    a, b = sites
    host_a = a.url.removeprefix("http://")
    feed_en, _feed_fr = b.manage("shell", "-c", FEED_SITE).stdout.strip().splitlines()[-1].split()

    page.goto(b.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(b.url + "/admin/federation_following/follow/")
    page.get_by_label("Handle or address").fill("@nobody@" + host_a)
    page.get_by_role("button", name="Look up").click()
    assert "unknown handle" in page.locator("[role=alert]").inner_text()

    page.get_by_label("Handle or address").fill(f"@like@{host_a}")
    page.get_by_role("button", name="Look up").click()
    confirm = page.locator(".federation-follow__confirm")
    assert "LIKE A" in confirm.locator(".federation-follow__name").inner_text()
    assert "Organization" in confirm.inner_text()
    assert host_a in confirm.inner_text()
    page.get_by_role("button", name="Follow", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/federation_following/$"))
    state = page.locator(".federation-following__state").first.inner_text()
    assert state in {"pending", "accepted"}

    deadline = time.monotonic() + 60
    while "accepted" not in page.locator(".federation-following__state").first.inner_text():
        assert time.monotonic() < deadline, "A never accepted"
        time.sleep(0.5)
        page.reload()

    a.manage(
        "shell",
        "-c",
        publish_news("Open studios in Lille", "studios"),
    )
    deadline = time.monotonic() + 60
    while True:
        page.goto(b.url + feed_en)
        if page.locator(".remote-post").count():
            break
        assert time.monotonic() < deadline, "the post never reached B's feed"
        time.sleep(0.5)
    post = page.locator(".remote-post").first
    assert "Open studios in Lille" in post.locator("h2").inner_text()
    assert post.get_attribute("lang") == "en"
    link = post.get_by_role("link", name="Read the original")
    assert link.get_attribute("href").startswith(a.url + "/en/")
