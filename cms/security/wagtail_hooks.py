"""The admin side of signing in: the two-step screens under /admin/2fa/, in the account menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.security import two_factor_views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("2fa/verify/", two_factor_views.verify, name="cms_two_factor_verify"),
        path("2fa/setup/", two_factor_views.setup, name="cms_two_factor_setup"),
        path("2fa/", two_factor_views.manage, name="cms_two_factor_manage"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("cms_two_factor_manage"),
        "label": _("Two-step sign-in"),
        "help_text": _("A code from an authenticator app after your password."),
    }
