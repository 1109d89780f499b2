"""Admin of the network in figures: questions (translated with wagtail-localize), collections,
responses (to correct an answer), organisations' positions, and the collection's status screen."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_menu import PermissionMenuItem
from cms.figures import admin_views
from cms.figures.models import Collection, Notice, OrganisationLocation, Question, Response


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["label", "key", "kind", "measure", "locale"]
    list_filter = ["kind"]


class CollectionViewSet(SnippetViewSet):
    model = Collection
    icon = "table"
    list_display = ["year", "opens_on", "closes_on", "state", "licence"]


class ResponseViewSet(SnippetViewSet):
    """Who has answered, and each response to correct (its answers inline) or reject."""

    model = Response
    icon = "form"
    list_display = ["organisation", "collection", "state", "centres", "submitted_at"]
    list_filter = ["collection", "state"]


class LocationViewSet(SnippetViewSet):
    model = OrganisationLocation
    icon = "site"
    list_display = ["organisation", "latitude", "longitude"]


class NoticeViewSet(SnippetViewSet):
    model = Notice
    icon = "mail"
    list_display = ["organisation", "collection", "kind", "language", "sent_at", "error"]
    list_filter = ["kind"]


class FiguresGroup(SnippetViewSetGroup):
    menu_label = _("Figures")
    menu_icon = "table"
    menu_order = 270
    items = (QuestionViewSet, CollectionViewSet, ResponseViewSet, LocationViewSet, NoticeViewSet)


register_snippet(FiguresGroup)


@hooks.register("register_admin_urls")
def figures_admin_urls():
    return [
        path("figures/", admin_views.collections, name="cms_figures_collections"),
        path("figures/<int:pk>/", admin_views.status, name="cms_figures_status"),
        path("figures/<int:pk>/remind/", admin_views.remind, name="cms_figures_remind"),
        path("figures/<int:pk>/publish/", admin_views.publish, name="cms_figures_publish"),
        path("figures/response/<int:pk>/reject/", admin_views.reject, name="cms_figures_reject"),
    ]


@hooks.register("register_admin_menu_item")
def figures_menu_item():
    return PermissionMenuItem(
        _("Data collection"),
        reverse("cms_figures_collections"),
        icon_name="table",
        order=271,
        perm=admin_views.PERMISSION,
    )
