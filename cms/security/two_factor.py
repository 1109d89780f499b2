"""Two-step sign-in for the people who see members' personal data: editors and the secretariat.

Built on django-otp (TOTP devices, their throttling, `user.is_verified()`); the screens are ours,
in the Wagtail admin (cms/security/two_factor_views.py). wagtail-2fa 1.8.0 was the candidate, but
its hooks import `wagtail.users.widgets`, which Wagtail 8 no longer has: the site would not start.

The policy (TWO_FACTOR_REQUIRED):
- required (production): everyone with admin access signs in with a password and then a code;
  who has no authenticator yet is sent to set one up before anything else;
- offered (development, the demo): whoever has set an authenticator up is asked for its code;
  the others (`admin` / `admin` in `make run`) sign in with a password alone.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

#: Views an unverified user may reach: the two-step screens themselves, signing out, and what
#: the admin's sign-in pages load.
ALWAYS_ALLOWED = {
    "cms_two_factor_verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "cms:members:logout",
}
#: ... and, while they have no authenticator yet, the screen to set one up.
ALLOWED_WITHOUT_DEVICE = {"cms_two_factor_setup"}


def required() -> bool:
    return bool(getattr(settings, "TWO_FACTOR_REQUIRED", False))


def has_admin_access(user) -> bool:
    """Whoever reaches Wagtail's or Django's admin, where members' personal data is shown."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    )


def needs_second_step(user, verified: bool) -> str:
    """What a signed-in user still owes: "verify" (has an authenticator, has not given a code in
    this session), "setup" (must have one and has none), or "" (nothing)."""
    if verified or not has_admin_access(user):
        return ""
    if user_has_device(user, confirmed=True):
        return "verify"
    return "setup" if required() else ""


def _view_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a user who owes a second step is sent to it from every
    page (the admin, the site's members-only pages, anything), keeping where they were going."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            owed = needs_second_step(user, user.is_verified())
            if owed:
                name = _view_name(request)
                allowed = ALWAYS_ALLOWED | (ALLOWED_WITHOUT_DEVICE if owed == "setup" else set())
                if name not in allowed:
                    target = "cms_two_factor_verify" if owed == "verify" else "cms_two_factor_setup"
                    return redirect_to_login(request.get_full_path(), reverse(target), "next")
        return self.get_response(request)


def socket_user_verified(user, session) -> bool:
    """For the WebSocket edge, which has no OTPMiddleware: has this session given the code its
    user owes? Reads the same session key django-otp writes at verification."""
    from django_otp.models import Device

    if not getattr(user, "is_authenticated", False):
        return True
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    verified = device is not None and device.user_id == user.pk and device.confirmed
    return not needs_second_step(user, verified)


class SecondStepSocketGuard:
    """ASGI middleware inside Channels' AuthMiddlewareStack: a session that still owes its
    second step cannot open a WebSocket as its user (the pages themselves redirect it)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        from channels.db import database_sync_to_async
        from channels.security.websocket import WebsocketDenier

        user = scope.get("user")
        if getattr(user, "is_authenticated", False):
            verified = await database_sync_to_async(socket_user_verified)(
                user, scope.get("session")
            )
            if not verified:
                return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
