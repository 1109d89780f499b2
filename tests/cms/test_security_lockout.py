"""Password guessing is throttled on both sign-in pages, per account and per address, and the
real owner has a way back in (the cool-off, or a new password)."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

MEMBERS_LOGIN = "/en/membership/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "the-right-one-123"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def people(db):
    User = get_user_model()
    alice = User.objects.create_user("alice", "alice@example.org", PASSWORD)
    bob = User.objects.create_user("bob", "bob@example.org", PASSWORD)
    editor = User.objects.create_superuser("editor", "editor@like.example", PASSWORD)
    return alice, bob, editor


def sign_in(client, url, username, password, address="198.51.100.7", language="en"):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def guess(client, url, username, times, address="198.51.100.7"):
    """`times` wrong passwords: the form comes back with its error until the limit is reached,
    and the limit-th failure already answers with the lockout page."""
    for attempt in range(1, times + 1):
        response = sign_in(client, url, username, f"wrong-{attempt}", address)
        assert response.status_code == (200 if attempt < LIMIT else 429), attempt
        assert not signed_in(client)


@pytest.mark.parametrize("url", [MEMBERS_LOGIN, ADMIN_LOGIN])
def test_after_repeated_wrong_passwords_the_right_one_is_refused(client, people, url, home):
    """After AXES_FAILURE_LIMIT wrong passwords the right one no longer lets anyone in: the
    page (429) says sign-in is paused, for how long, and links to choosing a new password."""
    alice, _bob, editor = people
    user = editor if url == ADMIN_LOGIN else alice
    guess(client, url, user.username, LIMIT)
    response = sign_in(client, url, user.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins" in html
    assert "Try again in 15 minutes" in html
    reset = "/admin/password_reset/" if url == ADMIN_LOGIN else "/en/membership/password/reset/"
    assert f'href="{reset}"' in html
    assert not signed_in(client)


def test_fifty_guesses_then_the_right_password_is_still_refused(client, people, home):
    """The issue's case: 50 wrong passwords, then the right one, refused on the members' page."""
    alice, _bob, _editor = people
    for attempt in range(50):
        sign_in(client, MEMBERS_LOGIN, "alice", f"guess-{attempt}")
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD).status_code == 429
    assert not signed_in(client)


def test_lockout_page_is_in_the_visitors_language(client, people, home):
    """A French visitor locked out on /fr/ reads the page of the French site."""
    guess(client, "/fr/membership/login/", "alice", LIMIT)
    response = sign_in(client, "/fr/membership/login/", "alice", PASSWORD, language="fr")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert 'href="/fr/membership/password/reset/"' in html


def test_the_lock_is_per_account_and_per_address(people, home):
    """Guessing alice's password from one address locks alice everywhere and that address for
    everyone; bob, from another address, signs in as usual."""
    from django.test import Client

    guess(Client(), MEMBERS_LOGIN, "alice", LIMIT, address="203.0.113.1")

    elsewhere = Client()
    assert sign_in(elsewhere, MEMBERS_LOGIN, "bob", PASSWORD, "192.0.2.20").status_code == 302
    assert signed_in(elsewhere)

    alice_elsewhere = Client()
    assert (
        sign_in(alice_elsewhere, MEMBERS_LOGIN, "alice", PASSWORD, "192.0.2.30").status_code == 429
    )

    bob_from_there = Client()
    assert sign_in(bob_from_there, MEMBERS_LOGIN, "bob", PASSWORD, "203.0.113.1").status_code == 429


def test_after_the_cool_off_the_right_password_works(client, people, home):
    """Once AXES_COOLOFF_TIME has passed since the last failure, the owner signs in."""
    guess(client, MEMBERS_LOGIN, "alice", LIMIT)
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD).status_code == 429
    # The clock moves on: the failures are now older than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD).status_code == 302
    assert signed_in(client)


def test_trying_during_the_pause_does_not_prolong_it(client, people, home):
    """Tries while locked are refused but do not restart the cool-off."""
    guess(client, MEMBERS_LOGIN, "alice", LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    for _attempt in range(3):
        assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get()
    assert attempt.attempt_time < timezone.now() - timedelta(minutes=9)


def test_a_new_password_by_email_lifts_the_lock(client, people, home):
    """The locked-out owner follows "Choose a new password": the e-mailed link sets a new
    password, signs them in, and the account can be signed in to again at once."""
    guess(client, MEMBERS_LOGIN, "alice", LIMIT)
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD).status_code == 429

    response = client.post("/en/membership/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302 and response["Location"].endswith("/reset/sent/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"https?://\S+/password/\S+/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()

    client.logout()
    assert sign_in(client, MEMBERS_LOGIN, "alice", "a-brand-new-secret-42").status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(client, people, home):
    """Asking a new password for an address without an account says the same and sends nothing."""
    response = client.post("/en/membership/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_secretariat_lifts_a_lock_by_command(client, people, home):
    """`manage.py axes_reset_username alice` lets alice in again before the cool-off ends."""
    guess(client, MEMBERS_LOGIN, "alice", LIMIT, address="192.0.2.99")
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD, "192.0.2.98").status_code == 429
    call_command("axes_reset_username", "alice")
    assert sign_in(client, MEMBERS_LOGIN, "alice", PASSWORD, "192.0.2.98").status_code == 302


def test_client_address_is_the_connection_one_not_a_header(rf):
    """The address that is counted is REMOTE_ADDR (which uvicorn sets from X-Forwarded-For only
    for trusted proxies), never a header a client can write."""
    from cms.security.client import client_ip

    request = rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert client_ip(request) == "192.0.2.5"
