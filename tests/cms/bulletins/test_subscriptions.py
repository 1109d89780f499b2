"""Signing up with double opt-in, the preferences page and one-click unsubscribe, from e-mail
links and without signing in; bad, forged and replayed input answered clearly."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cms.bulletins import tokens
from cms.bulletins.models import Subscriber
from cms.bulletins.subscriptions import record_bounce

pytestmark = pytest.mark.django_db


def _url(name, token, language="en"):
    with translation.override(language):
        return reverse(f"cms:cms_bulletins:{name}", kwargs={"token": token})


def _subscribe_url(language="en"):
    with translation.override(language):
        return reverse("cms:cms_bulletins:subscribe")


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def _sign_up(client, email, mailing_list, language="fr"):
    """POST the sign-up form; what it queues after its commit runs (the e-mail task)."""
    with _capture(execute=True):
        return client.post(
            _subscribe_url(language),
            {"email": email, "language": language, "lists": [mailing_list.pk]},
        )


def test_sign_up_form_renders_in_every_language(client, mailing_list):
    """The sign-up page answers in each language, with its list to tick."""
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        response = client.get(_subscribe_url(code))
        assert response.status_code == 200
        assert f'<html lang="{code}"' in response.content.decode()
        assert "The e-bulletin" in response.content.decode()


def test_double_opt_in_confirms_with_the_link_of_the_email(client, mailing_list):
    """Signing up sends an e-mail with a link in the language asked for; until it is followed
    the address gets nothing; opening it (as a mail scanner would) confirms nothing, pressing
    its button (twice) confirms the subscription once, and after an unsubscription the old link
    no longer subscribes."""
    response = _sign_up(client, "Ana@Example.org", mailing_list)
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana@example.org"
    assert subscriber.state == Subscriber.State.PENDING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    link = _link(mail.outbox[0])
    assert "/fr/bulletin/confirm/" in link
    path = link.split("://", 1)[1].split("/", 1)[1]
    for _scanner in range(2):
        opened = client.get("/" + path)
        assert opened.status_code == 200 and 'id="confirm-form"' in opened.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING
    first = client.post("/" + path)
    assert first.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    confirmed_at = subscriber.confirmed_at
    replay = client.post("/" + path)
    assert replay.status_code == 200 and 'id="confirm-form"' not in replay.content.decode()
    assert 'id="confirm-form"' not in client.get("/" + path).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == confirmed_at
    assert "ana@example.org" not in first.content.decode()
    # Unsubscribed since: the old confirmation link does not bring the address back.
    Subscriber.objects.filter(pk=subscriber.pk).update(state=Subscriber.State.UNSUBSCRIBED)
    assert client.post("/" + path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED


def test_sign_up_answers_the_same_for_a_known_address(client, subscriber, mailing_list):
    """Signing up an address that is already subscribed shows the same page as a new one; the
    e-mail, not the page, tells the address's owner, and it holds no confirmation link."""
    new = _sign_up(client, "new@example.org", mailing_list).content.decode()
    known = _sign_up(client, subscriber.email, mailing_list).content.decode()
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(new) == strip(known)
    assert "/confirm/" in mail.outbox[0].body
    assert "/confirm/" not in mail.outbox[1].body and "/preferences/" in mail.outbox[1].body
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


@pytest.mark.parametrize(
    "email", ["not-an-address", "a@b", "x" * 300 + "@example.org", "ana@exa\x00mple.org", ""]
)
def test_malformed_address_is_refused_with_a_message(client, mailing_list, email):
    """A malformed, oversized or hostile address gets the form back with a message (400),
    and nothing is stored or sent."""
    response = _sign_up(client, email, mailing_list)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_bot_filling_the_trap_is_answered_but_nothing_is_stored(client, mailing_list):
    """A form-filling bot gets the usual answer; no address is stored, no e-mail sent."""
    response = client.post(
        _subscribe_url(),
        {"email": "bot@example.org", "language": "en", "lists": [mailing_list.pk], "website": "x"},
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not mail.outbox


def test_too_many_sign_ups_from_one_connection_are_refused(client, mailing_list, settings):
    """Past the hourly limit of sign-ups from one address, the form answers 429."""
    settings.BULLETINS_SIGNUP_RATE_LIMIT = 2
    from django.core.cache import cache

    cache.clear()
    codes = [_sign_up(client, f"p{i}@example.org", mailing_list).status_code for i in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize("name", ["confirm", "preferences", "unsubscribe"])
def test_forged_expired_or_misused_links_are_refused(client, subscriber, name, settings):
    """A tampered, foreign, oversized, expired or renewed-token link answers 400 with an
    explanation, and changes nothing."""
    good = tokens.make(subscriber, tokens.PREFERENCES if name != "confirm" else tokens.CONFIRM)
    other = tokens.make(subscriber, tokens.CONFIRM if name != "confirm" else tokens.PREFERENCES)
    bad = [good[:-2] + ("AA" if good[-2:] != "AA" else "BB"), other, "x" * 400, "%00", "1:2:3"]
    for token in bad:
        for response in (client.post(_url(name, token)), client.get(_url(name, token))):
            assert response.status_code == 400, token
            assert "not valid or has expired" in response.content.decode()
    subscriber.token = "renewed"
    subscriber.save()
    assert client.get(_url(name, good)).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


def test_preferences_link_expires(client, subscriber, settings):
    """A preferences link older than BULLETINS_PREFERENCES_DAYS no longer works."""
    token = tokens.make(subscriber, tokens.PREFERENCES)
    assert client.get(_url("preferences", token)).status_code == 200
    settings.BULLETINS_PREFERENCES_DAYS = -1
    assert client.get(_url("preferences", token)).status_code == 400


def test_preferences_change_lists_and_language_without_signing_in(client, subscriber):
    """From the e-mail's link a reader changes the language and the lists, and the page never
    shows their address."""
    url = _url("preferences", tokens.make(subscriber, tokens.PREFERENCES), "de")
    page = client.get(url)
    assert page.status_code == 200 and subscriber.email not in page.content.decode()
    response = client.post(url, {"language": "it"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.language == "it" and not subscriber.lists.exists()
    response = client.post(url, {"unsubscribe": "1"})
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED


def test_one_click_unsubscribe_post_needs_no_cookie_nor_csrf_token(subscriber):
    """RFC 8058: a mail client's POST "List-Unsubscribe=One-Click", without session or CSRF
    token, unsubscribes; a GET of the same link only asks for a confirmation."""
    client = Client(enforce_csrf_checks=True)
    url = _url("unsubscribe", tokens.make(subscriber, tokens.PREFERENCES))
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    assert (
        client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )


def test_bounced_address_gets_no_sign_up_email(client, mailing_list):
    """An address that bounced is not written to again, even when someone signs it up."""
    record_bounce("gone@example.org", "hard")
    with _capture(execute=True):
        record_bounce("gone2@example.org", "complaint")
    assert _sign_up(client, "gone@example.org", mailing_list).status_code == 200
    assert not mail.outbox
    assert Subscriber.objects.get(email="gone@example.org").state == Subscriber.State.BOUNCED
