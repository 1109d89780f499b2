"""Admin for the network's own data: themes, fee bands, applications, messages, co-signatures."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_menu import PermissionMenuItem
from cms.members import admin_views
from cms.models.fees import FeeBand
from cms.models.membership import ContactMessage, MemberProfile, MembershipApplication
from cms.models.tags import Tag
from cms.models.themes import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class TagViewSet(SnippetViewSet):
    """Article tags, translated like themes (each language has its own name and slug)."""

    model = Tag
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class FeeBandViewSet(SnippetViewSet):
    """Overlapping or gapped bands are refused by FeeBand.clean() with a message on the form."""

    model = FeeBand
    icon = "form"
    list_display = ["kind", "min_size", "max_size", "yearly_fee", "associate_fee"]
    list_filter = ["kind"]


class ApplicationViewSet(SnippetViewSet):
    model = MembershipApplication
    icon = "group"
    list_display = ["organisation_name", "kind", "country", "status", "quoted_fee", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["organisation_name", "contact_name", "contact_email"]
    menu_label = _("Applications (records)")


class ContactMessageViewSet(SnippetViewSet):
    """The secretariat sees every message sent between members, and whether e-mail failed."""

    model = ContactMessage
    icon = "mail"
    list_display = ["subject", "sender", "recipient", "created_at", "sent_at"]
    search_fields = ["subject", "body"]


class MemberProfileViewSet(SnippetViewSet):
    model = MemberProfile
    icon = "user"
    list_display = ["user", "organisation", "role"]


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "globe"
    menu_order = 250
    items = (
        ThemeViewSet,
        TagViewSet,
        FeeBandViewSet,
        ApplicationViewSet,
        ContactMessageViewSet,
        MemberProfileViewSet,
    )


register_snippet(NetworkGroup)


@hooks.register("register_admin_urls")
def members_admin_urls():
    return [
        path("network/applications/", admin_views.applications, name="cms_members_applications"),
        path(
            "network/applications/<int:pk>/approve/",
            admin_views.approve_application,
            name="cms_members_application_approve",
        ),
        path(
            "network/applications/<int:pk>/decline/",
            admin_views.decline_application,
            name="cms_members_application_decline",
        ),
        path("network/cosign/", admin_views.cosign_requests, name="cms_members_cosign_requests"),
        path(
            "network/cosign/<int:pk>/<str:decision>/",
            admin_views.decide_cosign,
            name="cms_members_cosign_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def applications_menu_item():
    return PermissionMenuItem(
        _("Membership applications"),
        reverse("cms_members_applications"),
        icon_name="group",
        order=260,
        perm="cms.change_membershipapplication",
    )


@hooks.register("register_admin_menu_item")
def cosign_menu_item():
    return PermissionMenuItem(
        _("Co-signatures"),
        reverse("cms_members_cosign_requests"),
        icon_name="pick",
        order=261,
        perm="cms.change_cosignrequest",
    )
