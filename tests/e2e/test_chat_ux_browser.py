"""The discussion as people use it in Chromium: toolbar and reaction picker by keyboard, names
and avatars, times in the reader's zone and language, day separators and grouping, the group
menu, and the phone layout."""

import json

import pytest

pytestmark = pytest.mark.browser

# Five messages over two days in "Budget", one on a third day in "Agenda"; Paris would show
# 13:00 for the noon (UTC) message, Tokyo 21:00.
SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Locale
from collaboration import services
from collaboration.models import Membership, Message, Topic
for code in ("en", "fr"):
    Locale.objects.get_or_create(language_code=code)
User = get_user_model()
alice = User.objects.create_user("alice", "a@example.org", "alice", first_name="Alice", last_name="Martin")
bob = User.objects.create_user("bob", "b@example.org", "bob", first_name="Bob", last_name="Durand")
carol = User.objects.create_user("carol", "c@example.org", "carol", first_name="Carol")
group = services.create_group("UX", slug="ux", visibility="private", convenor=alice)
for user in (bob, carol):
    Membership.objects.create(group=group, user=user)
utc = datetime.timezone.utc
rows = [
    (alice, "Budget", "first day", datetime.datetime(2026, 1, 14, 9, 0, tzinfo=utc)),
    (alice, "Budget", "noon one", datetime.datetime(2026, 1, 15, 12, 0, tzinfo=utc)),
    (alice, "Budget", "noon two", datetime.datetime(2026, 1, 15, 12, 1, tzinfo=utc)),
    (alice, "Budget", "twenty minutes later", datetime.datetime(2026, 1, 15, 12, 21, tzinfo=utc)),
    (bob, "Budget", "bob replies", datetime.datetime(2026, 1, 15, 12, 22, tzinfo=utc)),
    (bob, "Agenda", "agenda item", datetime.datetime(2026, 1, 16, 8, 0, tzinfo=utc)),
]
ids = {}
for user, topic, body, when in rows:
    m = services.post_message(user, group, topic, body)[0]
    Message.objects.filter(pk=m.pk).update(created_at=when)
    Topic.objects.filter(pk=m.topic_id).update(last_activity=when)
    ids[body] = m.pk
keys = {}
for user in (alice, bob, carol):
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    keys[user.username] = s.session_key
budget = Topic.objects.get(group=group, title="Budget").pk
print(json.dumps({"keys": keys, "ids": ids, "budget": budget}))
"""


@pytest.fixture(scope="module")
def ux_site(tmp_path_factory):
    from tests.servers import start_site

    server = start_site(tmp_path_factory.mktemp("chatux"), "chatux", worker=False)
    data = json.loads(server.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    yield server, data
    server.stop()


def _open(browser, server, key, path="/en/groups/ux/", **context_options):
    context = browser.new_context(**context_options)
    context.add_cookies([{"name": "sessionid", "value": key, "url": server.url}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(server.url + path)
    page.wait_for_selector("[data-chat][data-connected='true']")
    return context, page


def _message(page, text):
    return page.locator(".chat-message", has_text=text)


def _opacity(locator):
    return float(locator.evaluate("e => getComputedStyle(e).opacity"))


def _focused(page, js):
    return page.evaluate(f"() => {{ const e = document.activeElement; return {js}; }}")


def test_message_actions_by_keyboard_and_the_reaction_picker(browser, ux_site):
    """A message's toolbar stays out of the way until the mouse or the keyboard reaches it; Tab
    enters it once, arrows move inside; the picker opens with Enter, arrows choose, Enter
    reacts and gives the focus back; Escape closes it; the chip shows the count and, in its
    title, who reacted by name, on the other member's page too; Edit and Delete are there."""
    server, data = ux_site
    ctx_a, alice = _open(browser, server, data["keys"]["alice"])
    ctx_b, bob = _open(browser, server, data["keys"]["bob"])
    try:
        first = _message(alice, "first day")
        alice.mouse.move(1, 1)
        assert _opacity(first.locator(".chat-actions")) == 0
        _message(alice, "noon one").hover()
        assert _opacity(_message(alice, "noon one").locator(".chat-actions")) == 1
        alice.mouse.move(1, 1)

        # One tab stop per toolbar: from the list, Tab lands on the first message's toolbar.
        alice.locator("[data-messages]").focus()
        alice.keyboard.press("Tab")
        assert _focused(alice, "e.dataset.react + '|' + e.closest('.chat-message').dataset.id") == (
            f"👍|{data['ids']['first day']}"
        )
        assert _opacity(first.locator(".chat-actions")) == 1
        for _ in range(3):
            alice.keyboard.press("ArrowRight")
        assert _focused(alice, "e.hasAttribute('data-picker')")
        alice.keyboard.press("Enter")
        picker = first.locator(".chat-picker[role=dialog]")
        picker.wait_for()
        assert first.locator("[data-picker]").get_attribute("aria-expanded") == "true"
        assert _focused(alice, "e.dataset.pick") == "👍"
        alice.keyboard.press("ArrowRight")
        alice.keyboard.press("Enter")
        chip = first.locator(".chat-reaction", has_text="👎 1")
        chip.wait_for()
        assert chip.get_attribute("aria-pressed") == "true"
        assert chip.get_attribute("title") == "Alice Martin reacted with 👎"
        assert picker.count() == 0
        assert _focused(alice, "e.hasAttribute('data-picker')")
        bob_chip = _message(bob, "first day").locator(".chat-reaction", has_text="👎 1")
        bob_chip.wait_for()
        assert bob_chip.get_attribute("title") == "Alice Martin reacted with 👎"
        assert bob_chip.get_attribute("aria-pressed") == "false"

        # Escape closes the picker and returns to its button.
        alice.keyboard.press("Enter")
        picker.wait_for()
        alice.keyboard.press("Escape")
        picker.wait_for(state="detached")
        assert _focused(alice, "e.hasAttribute('data-picker')")

        # Edit and Delete are in the same toolbar: Edit opens the editor, Escape comes back.
        alice.keyboard.press("ArrowRight")
        assert _focused(alice, "e.hasAttribute('data-edit')")
        alice.keyboard.press("Enter")
        assert _focused(alice, "e.tagName") == "TEXTAREA"
        alice.keyboard.press("Escape")
        assert _focused(alice, "e.hasAttribute('data-edit')")
        alice.keyboard.press("End")
        assert _focused(alice, "e.hasAttribute('data-delete')")

        # Bob's toolbar on Alice's message has no Edit or Delete; the chip takes his reaction.
        assert _message(bob, "first day").locator("[data-edit], [data-delete]").count() == 0
        bob_chip.click()
        _message(alice, "first day").locator(".chat-reaction", has_text="👎 2").wait_for()
        title = _message(alice, "first day").locator(".chat-reaction").get_attribute("title")
        assert title == "Alice Martin and Bob Durand reacted with 👎"
    finally:
        ctx_a.close()
        ctx_b.close()


def test_names_times_days_and_grouping_in_the_readers_zone_and_language(browser, ux_site):
    """On the French page, in Tokyo: people by display name with initials, times in Tokyo time
    and French format (21:00, not Paris's 13:00) in the messages and the topics list alike, one
    separator per day, and an author's messages within five minutes grouped under one name."""
    server, data = ux_site
    ctx, page = _open(
        browser, server, data["keys"]["bob"], "/fr/groups/ux/?view=all", timezone_id="Asia/Tokyo"
    )
    try:
        assert page.get_attribute("html", "lang") == "fr"
        noon = _message(page, "noon one")
        assert noon.locator(".chat-author").text_content() == "Alice Martin"
        assert noon.locator(".chat-avatar").text_content() == "AM"
        assert _message(page, "bob replies").locator(".chat-avatar").text_content() == "BD"
        assert noon.locator(".chat-meta time").text_content() == "21:00"
        assert "2026" in noon.locator(".chat-meta time").get_attribute("title")

        classes = {
            text: _message(page, text).get_attribute("class")
            for text in ("noon one", "noon two", "twenty minutes later", "bob replies")
        }
        assert "is-continuation" not in classes["noon one"]
        assert "is-continuation" in classes["noon two"]
        assert "is-continuation" not in classes["twenty minutes later"]
        assert "is-continuation" not in classes["bob replies"]
        # A grouped message still names its author for screen readers.
        assert _message(page, "noon two").locator(".chat-author").text_content() == "Alice Martin"

        days = page.locator(".chat-messages > .chat-day").all_text_contents()
        assert len(days) == 3, days
        for day, expected in zip(
            days, ("14 janvier 2026", "15 janvier 2026", "16 janvier 2026"), strict=True
        ):
            assert expected in day
        # Each separator sits right before the day's first message.
        before = page.eval_on_selector_all(
            ".chat-messages > .chat-day",
            "els => els.map(e => e.nextElementSibling.querySelector('.chat-body').textContent)",
        )
        assert before == ["first day", "noon one", "agenda item"]

        budget = page.locator(f"[data-topic-link='{data['budget']}']").locator("xpath=..")
        sidebar_time = budget.locator("time").text_content()
        assert "21:22" in sidebar_time and "2026" in sidebar_time, sidebar_time
        assert "13:22" not in sidebar_time
    finally:
        ctx.close()


def test_remote_author_and_not_yet_delivered_label(browser, ux_site):
    """A message from another site shows its author as name @user@host; one not yet confirmed
    by the group's home site says "Not yet delivered" until an update says it was; messages
    without these fields show neither."""
    server, data = ux_site
    ctx, page = _open(browser, server, data["keys"]["alice"])
    try:
        assert page.locator(".chat-home, [data-pending]").count() == 0
        frame = {
            "id": 10**9,
            "topic_id": data["budget"],
            "topic": "Budget",
            "author": {
                "id": 4242,
                "username": "dana",
                "name": "Dana Remote",
                "home": "encc.example",
            },
            "body": "from afar",
            "html": "<p>from afar</p>",
            "created": "2026-01-16T09:00:00+00:00",
            "edited": False,
            "edited_at": None,
            "deleted": False,
            "reactions": [],
            "client_id": None,
            "pending": True,
        }
        send = "f => document.querySelector('[data-chat]').chat.handle(f)"
        page.evaluate(send, {"type": "update", "message": frame})
        remote = _message(page, "from afar")
        assert remote.locator(".chat-author").text_content() == "Dana Remote"
        assert remote.locator(".chat-home").text_content() == "@dana@encc.example"
        assert remote.locator(".chat-avatar").text_content() == "DR"
        assert remote.locator("[data-pending]").text_content() == "Not yet delivered"
        page.evaluate(send, {"type": "update", "message": {**frame, "pending": False}})
        assert remote.locator("[data-pending]").count() == 0
        assert "is-pending" not in remote.get_attribute("class")
    finally:
        ctx.close()


def test_leaving_the_group_is_in_its_menu_and_asks_first(browser, ux_site):
    """*Leave the group* is inside the group menu; it asks in a dialog; "Stay" changes nothing
    and gives the focus back; confirming leaves and says so."""
    server, data = ux_site

    def still_member():
        out = server.manage(
            "shell",
            "-c",
            "from collaboration.models import Membership; print(Membership.objects.filter("
            "user__username='carol', group__slug='ux', state='active').exists())",
        ).stdout
        return out.strip().splitlines()[-1] == "True"

    ctx, page = _open(browser, server, data["keys"]["carol"])
    try:
        leave = page.locator("details[data-menu] button", has_text="Leave the group")
        assert not leave.is_visible()
        page.locator("details[data-menu] > summary").click()
        leave.click()
        dialog = page.locator("dialog.chat-dialog")
        assert dialog.is_visible()
        assert "Leave “UX”?" in dialog.text_content()
        dialog.get_by_role("button", name="Stay in the group").click()
        assert not dialog.is_visible()
        assert _focused(page, "e.textContent").startswith("Leave the group")
        assert page.url.endswith("/en/groups/ux/")
        assert still_member()

        leave.click()
        with page.expect_navigation():
            dialog.get_by_role("button", name="Leave the group", exact=True).click()
        assert page.url.endswith("/en/groups/")
        assert "You left the group." in page.text_content("main")
        assert not still_member()
    finally:
        ctx.close()


def test_on_a_phone_topics_and_discussion_take_turns(browser, ux_site):
    """At 375 px the topics list and the discussion are shown one at a time: the group opens on
    its topics; a topic opens its discussion with a way back to the topics and again to the
    discussion, moving the focus; a tap on a message shows its toolbar (no hover on a touch
    screen); on a wide screen both stand side by side."""
    server, data = ux_site
    ctx, page = _open(
        browser,
        server,
        data["keys"]["bob"],
        viewport={"width": 375, "height": 740},
        has_touch=True,
        is_mobile=True,
    )
    try:
        topics, main = page.locator(".chat-topics"), page.locator(".chat-main")
        assert topics.is_visible() and not main.is_visible()
        page.locator(f"[data-topic-link='{data['budget']}']").click()
        page.wait_for_selector("[data-chat][data-connected='true']")
        assert main.is_visible() and not topics.is_visible()
        assert page.locator(".chat-pane-title").text_content() == "Budget"
        # No hover on a touch screen: a tap on a message shows its toolbar.
        reply = _message(page, "bob replies")
        assert _opacity(reply.locator(".chat-actions")) == 0
        reply.locator(".chat-body").tap()
        assert _opacity(reply.locator(".chat-actions")) == 1
        page.get_by_role("button", name="Topics").click()
        assert topics.is_visible() and not main.is_visible()
        assert _focused(page, "e.hasAttribute('data-pane-topics')")
        page.get_by_role("button", name="Back to the discussion").click()
        assert main.is_visible() and not topics.is_visible()
        assert _focused(page, "e.hasAttribute('data-pane-discussion')")
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        page.set_viewport_size({"width": 1200, "height": 800})
        assert topics.is_visible() and main.is_visible()
        assert not page.locator(".chat-pane-switch").first.is_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_discussion_has_no_serious_accessibility_violation(browser, ux_site, width):
    """axe-core finds nothing serious or critical in a discussion, on a desktop and a phone,
    with a message's toolbar and reaction picker open."""
    from axe_playwright_python.sync_playwright import Axe

    server, data = ux_site
    ctx, page = _open(
        browser,
        server,
        data["keys"]["alice"],
        f"/fr/groups/ux/?topic={data['budget']}",
        viewport={"width": width, "height": 800},
    )
    try:
        message = _message(page, "bob replies")
        message.locator("[data-picker]").focus()
        page.keyboard.press("Enter")
        message.locator(".chat-picker").wait_for()
        results = Axe().run(page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        assert blocking == [], "\n".join(blocking)
    finally:
        ctx.close()
