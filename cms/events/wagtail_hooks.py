"""The secretariat's registration screens in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.access import PARTICIPANTS_PERMISSION
from cms.admin_menu import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def registration_admin_urls():
    return [
        path("registrations/", admin_views.events, name="cms_events_events"),
        path(
            "registrations/<int:page_id>/",
            admin_views.registrations,
            name="cms_events_registrations",
        ),
        path(
            "registrations/<int:page_id>/<int:pk>/",
            admin_views.registration_action,
            name="cms_events_registration_action",
        ),
        path("registrations/<int:page_id>/csv/", admin_views.export_csv, name="cms_events_csv"),
        path(
            "registrations/<int:page_id>/attendance/",
            admin_views.attendance,
            name="cms_events_attendance",
        ),
        path("registrations/<int:page_id>/add/", admin_views.by_hand, name="cms_events_by_hand"),
        path(
            "registrations/<int:page_id>/message/", admin_views.message, name="cms_events_message"
        ),
    ]


@hooks.register("register_admin_menu_item")
def registrations_menu_item():
    return PermissionMenuItem(
        _("Event registrations"),
        reverse("cms_events_events"),
        icon_name="date",
        order=262,
        perm=PARTICIPANTS_PERMISSION,
    )
