"""Admin: a "Federation" menu: follow allied networks, moderate the network feed, followers,
deliveries (state, attempts, last error) and blocked domains."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import FollowingViewSet, RemotePostViewSet
from .models import Actor, Delivery, DomainBlock, Follow


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows the federation machinery writes: editors look, they do not edit."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Actor, Follow, Delivery):
    register_permission_policy(_model, ReadOnlyPolicy(_model), exact_class=True)


class FederationModelViewSet(ModelViewSet):
    """A Federation listing whose rows are read with their related rows in the same query, so
    a long list costs no more queries than a short one."""

    copy_view_enabled = False
    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.model._default_manager.select_related(*self.list_select_related)
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class ReadOnlyViewSet(FederationModelViewSet):
    inspect_view_enabled = True
    # Never shown (no add or edit), but a viewset needs a form.
    form_fields = ["state"]


class FollowViewSet(ReadOnlyViewSet):
    name = "federation_follows"
    model = Follow
    menu_label = _("Followers and follows")
    icon = "group"
    list_display = ["remote_actor", "local_actor", "direction", "state", "created_at"]
    list_filter = ["direction", "state", "local_actor"]
    list_select_related = ("local_actor", "remote_actor")
    search_fields = ["remote_actor__uri", "remote_actor__username"]


class DeliveryViewSet(ReadOnlyViewSet):
    name = "federation_deliveries"
    model = Delivery
    menu_label = _("Deliveries")
    icon = "mail"
    list_display = [
        "inbox_url",
        "activity",
        "state",
        "attempts",
        "status_code",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = ["state", "host"]
    list_select_related = ("activity__actor",)
    search_fields = ["inbox_url", "last_error"]


class ActorViewSet(ReadOnlyViewSet):
    name = "federation_actors"
    model = Actor
    menu_label = _("Our actors")
    icon = "user"
    form_fields = ["name", "summary"]
    list_display = ["username", "actor_type", "name", "created_at"]
    search_fields = ["username", "name"]


class DomainBlockViewSet(FederationModelViewSet):
    name = "federation_domain_blocks"
    model = DomainBlock
    menu_label = _("Blocked domains")
    icon = "cross"
    form_fields = ["domain", "reason"]
    list_display = ["domain", "reason", "created_at"]
    search_fields = ["domain"]


class FederationGroup(ModelViewSetGroup):
    menu_label = _("Federation")
    menu_icon = "site"
    menu_order = 800
    items = (
        FollowingViewSet,
        RemotePostViewSet,
        ActorViewSet,
        FollowViewSet,
        DeliveryViewSet,
        DomainBlockViewSet,
    )


@hooks.register("register_admin_viewset")
def register_federation_viewsets():
    return FederationGroup()
