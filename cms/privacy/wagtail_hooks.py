"""Admin of personal data: the secretariat's erasure screen, in the menu and on the users list."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.users.utils import user_can_delete_user

from cms.admin_menu import PermissionMenuItem
from cms.privacy import admin_views


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    return [
        path("network/privacy/", admin_views.privacy_index, name="cms_privacy_index"),
        path(
            "network/privacy/erase/<int:user_id>/",
            admin_views.privacy_erase,
            name="cms_privacy_erase",
        ),
    ]


@hooks.register("register_settings_menu_item")
def privacy_menu_item():
    return PermissionMenuItem(
        _("Personal data"),
        reverse("cms_privacy_index"),
        icon_name="lock",
        order=710,
        perm=admin_views.PERMISSION,
    )


@hooks.register("register_user_listing_buttons")
def erase_button(user, request_user):
    if user_can_delete_user(request_user, user):
        yield Button(
            _("Erase personal data"),
            reverse("cms_privacy_erase", args=[user.pk]),
            icon_name="bin",
            priority=60,
        )
