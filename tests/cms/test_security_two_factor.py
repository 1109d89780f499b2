"""Two-step sign-in for editors and the secretariat, in Wagtail 8's admin, with real TOTP codes
computed by django-otp's own implementation."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "editor-secret-123"


@pytest.fixture
def editor(home):
    """An editor: admin access through a group, as Wagtail's Editors have."""
    user = get_user_model().objects.create_user("edith", "edith@like.example", PASSWORD)
    group = Group.objects.create(name="Editors (test)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def member(home):
    return get_user_model().objects.create_user("mia", "mia@example.org", PASSWORD)


def code(device, *, steps_ahead=0):
    """What the user's authenticator app shows (django-otp's TOTP), `steps_ahead` 30-second steps
    from now (each code works once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_sign_in(client, username="edith", password=PASSWORD):
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def set_up_authenticator(client):
    page = client.get("/admin/2fa/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username="edith", confirmed=False)
    response = client.post(
        "/admin/2fa/setup/", {"password": PASSWORD, "otp_token": code(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_the_exempt_views_exist_in_wagtail_8():
    """Every view the middleware lets an unverified user reach has that name in Wagtail 8 (a
    renamed one would lock editors out of the screen they need)."""
    for name in sorted(two_factor.ALWAYS_ALLOWED | two_factor.ALLOWED_WITHOUT_DEVICE):
        assert reverse(name)


def test_offered_only_the_password_is_asked_until_an_authenticator_is_set_up(client, editor):
    """Where two-step sign-in is offered (development, the demo), an editor without an
    authenticator signs in with the password alone, and the account menu offers to set one up."""
    password_sign_in(client)
    assert client.get("/admin/").status_code == 200
    account = client.get("/admin/account/").content.decode()
    assert "Two-step sign-in" in account and "/admin/2fa/" in account
    manage = client.get("/admin/2fa/").content.decode()
    assert "Two-step sign-in is off" in manage


def test_setup_then_every_sign_in_asks_for_the_code(client, editor):
    """The editor scans the QR code, confirms with a code and the password; from then on a
    password alone opens nothing until the current code is given; a wrong code is refused."""
    password_sign_in(client)
    setup = client.get("/admin/2fa/setup/").content.decode()
    assert "<svg" in setup  # the QR code, inline
    key = re.search(r'class="two-factor-setup__key">([A-Z2-7 ]+)<', setup).group(1)
    device = set_up_authenticator(client)
    assert key.replace(" ", "") in device.config_url
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    password_sign_in(client)
    response = client.get("/admin/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/verify/?next=/admin/account/")
    # The members' area, too: a half-signed-in editor is not signed in anywhere.
    assert client.get("/en/membership/")["Location"].startswith("/admin/2fa/verify/")

    wrong = client.post("/admin/2fa/verify/", {"otp_token": "000000", "next": "/admin/account/"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode() or "Too many" in wrong.content.decode()
    assert client.get("/admin/account/").status_code == 302

    time.sleep(1.1)  # django-otp's throttle after one wrong code: one second
    right = client.post(
        "/admin/2fa/verify/", {"otp_token": code(device, steps_ahead=1), "next": "/admin/account/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_wrong_codes_are_throttled(client, editor):
    """Right after a wrong code even the right one is refused for a moment (django-otp's
    growing delay), so codes cannot be tried in a fast loop."""
    password_sign_in(client)
    device = set_up_authenticator(client)
    client.post("/admin/logout/")
    password_sign_in(client)
    client.post("/admin/2fa/verify/", {"otp_token": "123456"})
    response = client.post("/admin/2fa/verify/", {"otp_token": code(device, steps_ahead=1)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_setup_needs_the_password_and_a_working_code(client, editor):
    """Setting up with a wrong password or a code the app did not show changes nothing."""
    password_sign_in(client)
    client.get("/admin/2fa/setup/")
    device = TOTPDevice.objects.get(user=editor)
    bad_password = client.post(
        "/admin/2fa/setup/", {"password": "nope", "otp_token": code(device)}
    ).content.decode()
    assert "This is not your password" in bad_password
    bad_code = client.post(
        "/admin/2fa/setup/", {"password": PASSWORD, "otp_token": "999999"}
    ).content.decode()
    assert "not right" in bad_code
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_required_an_editor_without_authenticator_must_set_one_up_first(client, editor, member):
    """In production an editor without an authenticator reaches nothing but the setup screen
    (and signing out); once set up, the admin opens. Members without admin access are not
    asked for anything."""
    password_sign_in(client)
    for url in ("/admin/", "/admin/account/", "/admin/2fa/", "/en/membership/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/2fa/setup/?next="), url
    set_up_authenticator(client)
    assert client.get("/admin/account/").status_code == 200
    manage = client.get("/admin/2fa/").content.decode()
    assert "It is required on this site" in manage

    client.post("/admin/logout/")
    client.post("/en/membership/login/", {"username": "mia", "password": PASSWORD})
    assert client.get("/en/membership/").status_code == 200


def test_offered_an_editor_can_turn_it_off(client, editor):
    """Where it is only offered, the editor turns it off with a code and the password."""
    password_sign_in(client)
    device = set_up_authenticator(client)
    response = client.post(
        "/admin/2fa/", {"password": PASSWORD, "otp_token": code(device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_secretariat_removes_a_lost_authenticator_by_command(client, editor):
    """`manage.py two_factor_reset edith` lets an editor who lost the phone in with the password."""
    from django.core.management import call_command

    password_sign_in(client)
    set_up_authenticator(client)
    client.post("/admin/logout/")
    call_command("two_factor_reset", "edith")
    password_sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_socket_refused_to_a_session_that_owes_its_code(editor):
    """The WebSocket edge reads the same session state: an editor who gave only the password
    is not verified there; once the code is given (django-otp's session key), they are."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert two_factor.socket_user_verified(editor, {}) is False
    assert two_factor.socket_user_verified(editor, {DEVICE_ID_SESSION_KEY: device.persistent_id})
    member = get_user_model().objects.create_user("plain", "p@example.org", "x")
    assert two_factor.socket_user_verified(member, {})
