"""Admin screens for following allied networks and moderating the network feed.

Thin views: they check the editor's permission, validate a form, and call the verbs in
`following.py` (the same ones `manage.py federation_follow` uses).
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSet

from .actors import network_actor
from .following import (
    block_actor,
    block_domain,
    follow_remote,
    hide_post,
    refresh_remote_actor,
    unfollow_remote,
)
from .models import Actor, Delivery, Follow, RemoteActor, RemotePost
from .remote import RemoteActorError, lookup
from .sanitize import clean_html, safe_url


def _check(request):
    """Following and moderating speak for the whole network: superusers, or editors given the
    federation permissions."""
    user = request.user
    if not (user.is_superuser or user.has_perm("federation.add_follow")):
        raise PermissionDenied


class LookupForm(forms.Form):
    handle = forms.CharField(
        label=_("Handle or address"),
        max_length=500,
        help_text=_("@name@server.example, or the address of the actor."),
    )
    local_actor = forms.ModelChoiceField(
        label=_("Follow as"), queryset=Actor.objects.all(), required=False
    )


def follow_view(request):
    _check(request)
    remote, error = None, None
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            local = form.cleaned_data["local_actor"] or network_actor()
            if request.POST.get("confirm") and request.POST.get("actor_uri"):
                try:
                    # The lookup step just stored this actor: reuse it.
                    follow = follow_remote(request.POST["actor_uri"], local, cached=True)
                except RemoteActorError as exc:
                    form.add_error("handle", str(exc))
                else:
                    messages.success(
                        request,
                        _t("Follow sent to %(actor)s: waiting for their answer.")
                        % {"actor": follow.remote_actor},
                    )
                    return redirect("federation_following:index")
            else:
                try:
                    remote = lookup(form.cleaned_data["handle"])
                except RemoteActorError as exc:
                    error = str(exc)
                    form.add_error("handle", _t("Cannot follow: %(reason)s") % {"reason": error})
                    remote = None
                form.fields["local_actor"].initial = local.pk
    else:
        form = LookupForm(initial={"local_actor": network_actor().pk})
    context = {
        "form": form,
        "remote": remote,
        "remote_summary": clean_html(remote.summary) if remote else "",
        "remote_icon": safe_url(remote.icon_url) if remote else "",
        "page_title": _("Follow an allied network"),
        "header_icon": "site",
    }
    return TemplateResponse(request, "federation/admin/follow.html", context)


def following_index(request):
    _check(request)
    follows = (
        Follow.objects.filter(direction=Follow.OUTGOING)
        .select_related("local_actor", "remote_actor")
        .annotate(last_post=Max("remote_actor__posts__published"))
        .order_by("-created_at", "-id")
    )
    follows = list(follows)
    _attach_delivery_errors(follows)
    return TemplateResponse(
        request,
        "federation/admin/following.html",
        {"follows": follows, "page_title": _("We follow"), "header_icon": "group"},
    )


def _attach_delivery_errors(follows) -> None:
    """Each follow's `error`: its own last error, else why its Follow could not be delivered
    (one query for the whole list)."""
    uuids = {follow.pk: _activity_uuid(follow.activity_id) for follow in follows}
    errors = {}
    if any(uuids.values()):
        rows = (
            Delivery.objects.filter(activity__uuid__in=[u for u in uuids.values() if u])
            .exclude(last_error="")
            .values_list("activity__uuid", "state", "last_error")
        )
        for activity_uuid, state, error in rows:
            errors[activity_uuid] = f"{state}: {error}"
    for follow in follows:
        follow.error = follow.last_error or errors.get(uuids[follow.pk], "")


def _activity_uuid(activity_id: str) -> uuid.UUID | None:
    """The OutboxActivity uuid at the end of one of our activity ids (None for any other id)."""
    try:
        return uuid.UUID((activity_id or "").rsplit("/", 1)[-1])
    except ValueError:
        return None


@require_POST
def unfollow_view(request, pk):
    _check(request)
    follow = get_object_or_404(Follow, pk=pk, direction=Follow.OUTGOING)
    name = str(follow.remote_actor)
    unfollow_remote(follow)
    messages.success(request, _t("You no longer follow %(actor)s.") % {"actor": name})
    return redirect("federation_following:index")


@require_POST
def refresh_view(request, pk):
    _check(request)
    follow = get_object_or_404(Follow, pk=pk, direction=Follow.OUTGOING)
    # Nothing written before it: a failure to queue is an error the editor sees and retries.
    refresh_remote_actor.enqueue(follow.remote_actor_id)
    messages.success(request, _t("Profile refresh queued."))
    return redirect("federation_following:index")


def posts_index(request):
    _check(request)
    posts = RemotePost.objects.select_related("actor").order_by("-published", "-id")
    page = Paginator(posts, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "federation/admin/posts.html",
        {"posts": page, "page_title": _("Posts from the network"), "header_icon": "doc-full"},
    )


@require_POST
def post_action(request, pk):
    _check(request)
    post = get_object_or_404(RemotePost.objects.select_related("actor"), pk=pk)
    action = request.POST.get("action")
    if action == "hide":
        hide_post(post, True)
        messages.success(request, _t("The post is hidden from the feed."))
    elif action == "show":
        hide_post(post, False)
        messages.success(request, _t("The post is shown in the feed again."))
    elif action == "block_actor":
        block_actor(post.actor)
        messages.success(request, _t("%(actor)s is blocked.") % {"actor": post.actor})
    elif action == "block_domain":
        domain = post.actor.domain.split(":")[0]
        block_domain(domain, reason=_t("Blocked from the network feed"))
        messages.success(request, _t("%(domain)s is blocked.") % {"domain": domain})
    return redirect(reverse("federation_posts:index"))


class _FederationViewSet(ViewSet):
    """A screen of the Federation menu group, made of plain views (`routes`)."""

    add_to_admin_menu = False
    routes: list = []

    @property
    def menu_url(self):
        return reverse(f"{self.name}:index")

    def get_urlpatterns(self):
        return [path(route, view, name=name) for route, view, name in self.routes]


class FollowingViewSet(_FederationViewSet):
    """Follow allied networks; the list of who we follow."""

    name = "federation_following"
    icon = "group"
    menu_label = _("We follow")
    routes = [
        ("", following_index, "index"),
        ("follow/", follow_view, "follow"),
        ("<int:pk>/unfollow/", unfollow_view, "unfollow"),
        ("<int:pk>/refresh/", refresh_view, "refresh"),
    ]


class RemotePostViewSet(_FederationViewSet):
    """Moderate the network feed: hide a post, block its actor or server."""

    name = "federation_posts"
    icon = "doc-full"
    menu_label = _("Posts from the network")
    routes = [
        ("", posts_index, "index"),
        ("<int:pk>/action/", post_action, "action"),
    ]


__all__ = ["FollowingViewSet", "RemotePostViewSet", "RemoteActor"]
