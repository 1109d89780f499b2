"""Sign-in throttling with django-axes: what a locked-out visitor is told, and how the real owner
gets back in (the cool-off, or a new password, which lifts the account's lock at once)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

ADMIN_LOGIN_PATHS = ("/admin/", "/django-admin/")


def cool_off_minutes() -> int:
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", None)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer once the limit is reached (AXES_LOCKOUT_CALLABLE): a page in the visitor's
    language that says how long to wait and links to choosing a new password, with status 429.

    The admin's login page gets a page in the admin's look, the members' one the site's."""
    in_admin = request.path_info.startswith(ADMIN_LOGIN_PATHS)
    if in_admin:
        template = "cms/security/locked_out_admin.html"
        reset_url = (
            reverse("wagtailadmin_password_reset")
            if getattr(settings, "WAGTAIL_PASSWORD_RESET_ENABLED", True)
            else ""
        )
    else:
        template = "cms/security/locked_out.html"
        reset_url = reverse("cms:members:password_reset")
    return render(
        request,
        template,
        {"minutes": cool_off_minutes(), "reset_url": reset_url},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


class UnlockOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its `password_changed` hook, which Django calls
    whenever a password is set and saved (password reset, invitation link, the admin's change
    form, `changepassword`): the account's failed sign-ins are forgotten, so whoever proved they
    own the address on file can sign in at once instead of waiting for the cool-off."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or not getattr(settings, "AXES_ENABLED", True):
            return
        from axes.utils import reset

        reset(username=user.get_username())

    def get_help_text(self):
        return _("Choosing a new password also lifts a lock left by too many failed sign-ins.")
