"""The discussion page in Chromium says when live updates are unavailable, and recovers."""

import json

import pytest

from tests.collaboration.test_scaleout import SETUP
from tests.e2e.test_outages import _real_redis, forget_redis_keys
from tests.servers import start_site, wait_until_up
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.browser

NOTICE = "[data-chat] [data-unavailable]"


def _open_discussion(browser, server, key):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": key, "url": server.url}])
    page = context.new_page()
    page.goto(server.url + "/en/groups/scale/")
    page.wait_for_selector("[data-chat][data-connected='true']")
    assert page.locator(NOTICE).is_hidden()
    return context, page


def _sessions(server):
    return json.loads(server.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])


def test_notice_while_the_server_is_gone_and_gone_when_it_is_back(browser, tmp_path):
    """The web process stops: after the socket fails to reopen, the page shows the notice that
    live updates are unavailable; a message written meanwhile waits. The process comes back on
    the same address: the page reconnects by itself, the notice goes, the message is sent."""
    server = start_site(tmp_path, "gone", worker=False)
    try:
        keys = _sessions(server)
        context, page = _open_discussion(browser, server, keys["alice"])
        web = server.processes[0]
        web.terminate()
        web.wait(10)
        page.wait_for_selector(NOTICE, state="visible", timeout=20000)
        assert page.locator("[data-chat]").get_attribute("data-live") == "unavailable"
        page.fill("[name=topic]", "Outage")
        page.fill("[name=body]", "written while the server was away")
        page.locator("[name=body]").press("Enter")
        restarted = server.start_web(server.port, log_name="web-again")
        wait_until_up(server.url + "/healthz", restarted)
        page.wait_for_selector(NOTICE, state="hidden", timeout=30000)
        page.wait_for_selector("[data-chat][data-connected='true']")
        page.locator(".chat-message", has_text="written while the server was away").wait_for()
        # Stored once, as a page reloaded from the server shows.
        page.reload()
        page.wait_for_selector("[data-chat][data-connected='true']")
        assert (
            page.locator(".chat-message", has_text="written while the server was away").count() == 1
        )
        context.close()
    finally:
        server.stop()


def test_notice_while_redis_is_gone_and_gone_when_it_is_back(browser, tmp_path):
    """Redis goes away under an open discussion: the server closes the socket with 4503 and the
    page shows the notice at once; when Redis is back the page reconnects by itself and the
    notice goes."""
    host, port, db = _real_redis()
    proxy = TcpProxy(host, port).start()
    server = start_site(
        tmp_path,
        "redisgone-browser",
        worker=False,
        extra_env={"REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{db}"},
    )
    try:
        keys = _sessions(server)
        context, page = _open_discussion(browser, server, keys["alice"])
        proxy.cut()
        page.wait_for_selector(NOTICE, state="visible", timeout=15000)
        assert "Live updates are unavailable" in page.locator(NOTICE).text_content()
        proxy.restore()
        page.wait_for_selector(NOTICE, state="hidden", timeout=30000)
        page.wait_for_selector("[data-chat][data-connected='true']")
        context.close()
    finally:
        server.stop()
        proxy.close()
        forget_redis_keys(server, host, port, db)
