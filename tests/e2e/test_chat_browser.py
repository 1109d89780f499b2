"""Two members in two Chromium contexts hold a live working-group discussion."""

import json

import pytest

from tests.collaboration.test_scaleout import SETUP

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chat_site(tmp_path_factory):
    from tests.servers import start_site

    server = start_site(tmp_path_factory.mktemp("chat"), "chat", worker=False)
    keys = json.loads(server.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    yield server, keys
    server.stop()


def _page(browser, server, key, dialogs):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": key, "url": server.url}])
    page = context.new_page()

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.goto(server.url + "/en/groups/scale/")
    page.wait_for_selector("[data-chat][data-connected='true']")
    return context, page


def _message(page, text):
    return page.locator(".chat-message", has_text=text)


def test_two_members_talk_live(browser, chat_site):
    """Messages, typing, presence, reactions, edits, deletes, hostile text, and a lost connection."""
    server, keys = chat_site
    dialogs = []
    ctx_a, alice = _page(browser, server, keys["alice"], dialogs)
    ctx_b, bob = _page(browser, server, keys["bob"], dialogs)
    try:
        # Presence: each sees the other.
        alice.wait_for_selector("[data-presence] [data-username='bob']")
        bob.wait_for_selector("[data-presence] [data-username='alice']")

        # Typing, then a formatted message.
        alice.fill("[name=topic]", "Planning")
        alice.locator("[name=body]").press_sequentially("Hello **Bob**")
        bob.wait_for_selector("[data-typing]:has-text('Alice is typing')")
        alice.locator("[name=body]").press("Enter")
        _message(bob, "Hello Bob").locator("strong").wait_for()
        bob.wait_for_function("!document.querySelector('[data-typing]').textContent")

        # Hostile text arrives as text.
        bob.fill("[name=topic]", "Planning")
        bob.fill("[name=body]", "<img src=x onerror=alert(1)>")
        bob.locator("[name=body]").press("Enter")
        _message(alice, "<img src=x onerror=alert(1)>").wait_for()
        assert alice.locator(".chat-messages img").count() == 0

        # A reaction from Bob on Alice's message.
        _message(bob, "Hello Bob").locator("[data-react='👍']").click()
        _message(alice, "Hello Bob").locator(".chat-reaction", has_text="👍 1").wait_for()

        # Alice edits, with the keyboard only.
        _message(alice, "Hello Bob").locator("[data-edit]").click()
        editor = alice.locator("[data-editor] textarea")
        editor.fill("Hello again Bob")
        editor.press("Enter")
        _message(bob, "Hello again Bob").locator(".chat-edited").wait_for()

        # Alice deletes; Bob sees the placeholder.
        _message(alice, "Hello again Bob").locator("[data-delete]").click()
        bob.wait_for_selector(".chat-message.is-deleted")
        assert _message(bob, "Hello again Bob").count() == 0

        # Bob loses his connection; Alice writes meanwhile; Bob writes into his outbox.
        bob.evaluate(
            "() => { const c = document.querySelector('[data-chat]').chat;"
            " c.stopped = true; c.socket.close(); }"
        )
        bob.wait_for_selector("[data-chat][data-connected='false']")
        for i in range(3):
            alice.fill("[name=body]", f"while away {i}")
            alice.locator("[name=body]").press("Enter")
            _message(alice, f"while away {i}").wait_for()
        bob.fill("[name=body]", "sent while offline")
        bob.locator("[name=body]").press("Enter")
        bob.evaluate(
            "() => { const c = document.querySelector('[data-chat]').chat;"
            " c.stopped = false; c.connect(); }"
        )
        for i in range(3):
            _message(bob, f"while away {i}").wait_for()
        _message(alice, "sent while offline").wait_for()
        _message(bob, "sent while offline").wait_for()
        bob.wait_for_timeout(500)
        for i in range(3):
            assert _message(bob, f"while away {i}").count() == 1
        assert _message(bob, "sent while offline").count() == 1
        assert _message(alice, "sent while offline").count() == 1
        # In order, by id.
        ids = bob.eval_on_selector_all(".chat-message", "els => els.map(e => +e.dataset.id)")
        assert ids == sorted(ids)
        assert not [d for d in dialogs if d == "1"], "a script ran"
    finally:
        ctx_a.close()
        ctx_b.close()
