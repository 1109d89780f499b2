"""The secretariat's dashboard: what waits for someone who may act on it, as Wagtail home panels.

Each panel says how many items wait and links the few most recent to the screen where they are
decided; it is added only for users who hold that screen's permission (the same check as its
view and menu item), and costs the same few queries whatever the number of rows.

Also here: the sidebar leaves out Wagtail's "Snippets" entry, which would repeat the "Network"
and "Working groups" menus; its overview (/admin/snippets/, linked from each snippet listing's
breadcrumbs) lists them all (`WAGTAILSNIPPETS_MENU_SHOW_ALL` in the settings).
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from cms.models.membership import MembershipApplication
from cms.models.statements import CoSignRequest
from collaboration.models import Membership, WorkingGroup
from federation.models import Delivery

# How many of the most recent items a panel lists; its count covers them all.
RECENT = 5
# A delivery still retrying after this long is worth a look (the back-off runs about two days).
RETRYING_FOR = timedelta(hours=1)


class DashboardPanel(Component):
    """A count of what waits, the most recent few with links, and a link to the whole list."""

    name = ""
    heading = ""
    icon = "placeholder"
    empty_text = ""
    # ngettext_lazy(singular, plural, "count"), formatted with the number waiting.
    count_text = None
    all_label = _("See all")
    template_name = "cms/admin/panels/waiting.html"
    order = 50

    def __init__(self, request):
        self.request = request

    @classmethod
    def is_shown_to(cls, user) -> bool:
        raise NotImplementedError

    def get_queryset(self):
        raise NotImplementedError

    def rows(self, items):
        """[{"title", "url", "details", "date"}] for the listed items."""
        raise NotImplementedError

    def all_url(self):
        raise NotImplementedError

    def all_label_for(self):
        return self.all_label

    def get_context_data(self, parent_context=None):
        queryset = self.get_queryset()
        count = queryset.count()
        items = list(queryset[:RECENT]) if count else []
        return {
            "request": self.request,
            "panel_id": f"dashboard-{self.name}",
            "heading": self.heading,
            "icon": self.icon,
            "count": count,
            "count_text": self.count_text % {"count": count},
            "rows": self.rows(items),
            "empty_text": self.empty_text,
            "all_url": self.all_url(),
            "all_label": self.all_label_for(),
        }


class ApplicationsPanel(DashboardPanel):
    name = "applications"
    icon = "group"
    heading = _("Membership applications waiting")
    empty_text = _("No application is waiting for a decision.")
    count_text = ngettext_lazy(
        "%(count)s application waits for a decision.",
        "%(count)s applications wait for a decision.",
        "count",
    )
    all_label = _("Decide on applications")
    order = 40

    @classmethod
    def is_shown_to(cls, user):
        return user.has_perm("cms.change_membershipapplication")

    def get_queryset(self):
        return MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING
        ).order_by("-created_at", "-pk")

    def all_url(self):
        return reverse("cms_members_applications")

    def rows(self, items):
        url = self.all_url()
        return [
            {
                "title": application.organisation_name,
                "url": url,
                "details": f"{application.get_kind_display()} · {application.country.name}",
                "date": application.created_at,
            }
            for application in items
        ]


class CoSignaturesPanel(DashboardPanel):
    name = "cosign"
    icon = "pick"
    heading = _("Co-signature requests waiting")
    empty_text = _("No co-signature request is waiting.")
    count_text = ngettext_lazy(
        "%(count)s organisation asks to co-sign a statement.",
        "%(count)s organisations ask to co-sign a statement.",
        "count",
    )
    all_label = _("Decide on co-signatures")
    order = 41

    @classmethod
    def is_shown_to(cls, user):
        return user.has_perm("cms.change_cosignrequest")

    def get_queryset(self):
        return (
            CoSignRequest.objects.filter(status=CoSignRequest.Status.PENDING)
            .select_related("organisation", "statement")
            .order_by("-created_at", "-pk")
        )

    def all_url(self):
        return reverse("cms_members_cosign_requests")

    def rows(self, items):
        url = self.all_url()
        return [
            {
                "title": cosign.organisation.title,
                "url": url,
                "details": cosign.statement.title,
                "date": cosign.created_at,
            }
            for cosign in items
        ]


class JoinRequestsPanel(DashboardPanel):
    """Requests to join working groups: a convenor sees those of the groups they convene (and
    approves them on the group's members page); whoever may change memberships in the admin (the
    secretariat) sees every group's."""

    name = "join-requests"
    icon = "user"
    heading = _("Requests to join working groups")
    empty_text = _("Nobody is waiting to join a working group.")
    count_text = ngettext_lazy(
        "%(count)s person asks to join a working group.",
        "%(count)s people ask to join a working group.",
        "count",
    )
    all_label = _("See all requests")
    order = 42

    def __init__(self, request, convened_ids=None):
        super().__init__(request)
        self.may_change = self.may_change_memberships(request.user)
        self.convened_ids = (
            convened_group_ids(request.user) if convened_ids is None else convened_ids
        )

    @staticmethod
    def may_change_memberships(user):
        return policy_registry.get_by_type(Membership).user_has_permission(user, "change")

    @classmethod
    def panel_for(cls, request):
        """The panel for this user, or None when they may approve nobody's request."""
        if cls.may_change_memberships(request.user):
            return cls(request)
        convened = convened_group_ids(request.user)
        return cls(request, convened_ids=convened) if convened else None

    def get_queryset(self):
        requests = Membership.objects.filter(
            state=Membership.State.REQUESTED,
            group__kind=WorkingGroup.Kind.GROUP,
            # A request to join another site's group is decided there, not here.
            group__origin="",
        )
        if not self.may_change:
            requests = requests.filter(group_id__in=self.convened_ids)
        return requests.select_related("user", "group").order_by("-created_at", "-pk")

    def all_url(self):
        if self.may_change:
            url = reverse("wagtailsnippets_collaboration_membership:list")
            return f"{url}?state={Membership.State.REQUESTED}"
        return reverse("collaboration:list")

    def all_label_for(self):
        return self.all_label if self.may_change else _("Your working groups")

    def manage_url(self, membership):
        # Where a convenor approves: the group's members page; the secretariat, who may convene
        # no group, approves on the membership's admin form instead.
        if membership.group_id in self.convened_ids:
            return reverse("collaboration:members", kwargs={"slug": membership.group.slug})
        return reverse("wagtailsnippets_collaboration_membership:edit", args=[membership.pk])

    def rows(self, items):
        return [
            {
                "title": membership.user.get_full_name() or membership.user.get_username(),
                "url": self.manage_url(membership),
                "details": membership.group.name,
                "date": membership.created_at,
            }
            for membership in items
        ]


def convened_group_ids(user):
    """The working groups (discussion rows) where the person is an active convenor."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user_id=user.pk,
            state=Membership.State.ACTIVE,
            role=Membership.Role.CONVENOR,
            group__kind=WorkingGroup.Kind.GROUP,
        ).values_list("group_id", flat=True)
    )


class FailedDeliveriesPanel(DashboardPanel):
    """Deliveries that gave up, or still retry an hour after they were queued: a peer that has
    not heard from us, shown to whoever may look at the federation's deliveries."""

    name = "deliveries"
    icon = "warning"
    heading = _("Federation deliveries in trouble")
    empty_text = _("Every delivery to other sites arrived or is on its way.")
    count_text = ngettext_lazy(
        "%(count)s delivery to another site gave up or is still retrying after an hour.",
        "%(count)s deliveries to other sites gave up or are still retrying after an hour.",
        "count",
    )
    all_label = _("See deliveries that gave up")
    order = 43

    @classmethod
    def is_shown_to(cls, user):
        return policy_registry.get_by_type(Delivery).user_has_permission(user, "view")

    def get_queryset(self):
        stuck = Q(state=Delivery.GAVE_UP) | Q(
            state=Delivery.RETRYING, created_at__lt=timezone.now() - RETRYING_FOR
        )
        return (
            Delivery.objects.filter(stuck).select_related("activity").order_by("-created_at", "-pk")
        )

    def all_url(self):
        return f"{reverse('federation_deliveries:index')}?state={Delivery.GAVE_UP}"

    def rows(self, items):
        return [
            {
                "title": delivery.host or delivery.inbox_url,
                "url": reverse("federation_deliveries:inspect", args=[delivery.pk]),
                "details": " · ".join(
                    part
                    for part in (
                        delivery.activity.activity_type,
                        str(delivery.get_state_display()),
                        _short(delivery.last_error),
                    )
                    if part
                ),
                "date": delivery.last_attempt_at or delivery.created_at,
            }
            for delivery in items
        ]


def _short(text, limit=120):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


PANELS = (ApplicationsPanel, CoSignaturesPanel, FailedDeliveriesPanel)


def secretariat_panels(request):
    """The panels this user may act on, in their order."""
    user = request.user
    panels = [panel(request) for panel in PANELS if panel.is_shown_to(user)]
    join_requests = JoinRequestsPanel.panel_for(request)
    if join_requests is not None:
        panels.append(join_requests)
    return sorted(panels, key=lambda panel: panel.order)


@hooks.register("construct_homepage_panels")
def add_secretariat_panels(request, panels):
    panels.extend(secretariat_panels(request))


@hooks.register("construct_main_menu")
def hide_duplicate_snippets_entry(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "snippets"]
