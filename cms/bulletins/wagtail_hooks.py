"""Admin of the e-bulletin: lists and subscribers (snippets), and the sending screen of an issue."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import BulletinPage, MailingList, Subscriber


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    list_display = ["name", "public", "locale"]


class SubscriberViewSet(SnippetViewSet):
    """Subscribers' addresses are shown here, to the secretariat, and nowhere else."""

    model = Subscriber
    icon = "mail"
    list_display = ["email", "state", "language", "origin", "created_at"]
    list_filter = ["state", "origin", "language"]
    search_fields = ["email"]


class BulletinGroup(SnippetViewSetGroup):
    menu_label = _("E-bulletin")
    menu_icon = "mail"
    menu_order = 255
    items = (MailingListViewSet, SubscriberViewSet)


register_snippet(BulletinGroup)


@hooks.register("register_admin_urls")
def bulletin_admin_urls():
    return [
        path("bulletins/<int:page_id>/send/", admin_views.send_page, name="cms_bulletins_send"),
        path(
            "bulletins/<int:page_id>/email/",
            admin_views.email_preview,
            name="cms_bulletins_email_preview",
        ),
    ]


@hooks.register("register_page_header_buttons")
def send_button(page, user, view_name, next_url=None):
    if (
        isinstance(page.specific_deferred, BulletinPage)
        and page.permissions_for_user(user).can_publish()
    ):
        yield Button(
            _("Preview and send the e-mail"),
            reverse("cms_bulletins_send", args=[page.pk]),
            icon_name="mail",
            priority=25,
        )
