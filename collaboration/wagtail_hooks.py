"""Working groups in the Wagtail admin: groups (translatable snippets) and their memberships."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Membership, WorkingGroup


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "group"
    menu_label = _("Groups")
    list_display = ["name", "slug", "visibility", "join_policy"]
    list_filter = ["visibility", "join_policy"]
    search_fields = ["name"]

    def get_queryset(self, request):
        # Direct conversations are private to their two members: not listed in the admin.
        return WorkingGroup.objects.filter(kind=WorkingGroup.Kind.GROUP)


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "group", "role", "state"]
    list_filter = ["role", "state", "group"]

    def get_queryset(self, request):
        return Membership.objects.filter(group__kind=WorkingGroup.Kind.GROUP).select_related(
            "user", "group"
        )


class CollaborationViewSetGroup(SnippetViewSetGroup):
    items = (WorkingGroupViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Working groups")
    menu_name = "working-groups"


register_snippet(CollaborationViewSetGroup)
