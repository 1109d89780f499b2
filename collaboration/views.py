"""Working-group pages and their JSON endpoints: thin edges over `services` and `permissions`."""

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import i18n, permissions, services
from .conf import setting
from .context import discussion_context, unread_for
from .models import Membership, Message, NotificationPreference, WorkingGroup


def _base(context):
    context.setdefault("collaboration_base", setting("BASE_TEMPLATE"))
    return context


def _readable_group_or_404(request, slug):
    """The group's discussion row, or 404 for a group that does not exist or cannot be read.

    A private group answers exactly like a missing one: its existence is not revealed.
    """
    group = services.get_group(slug)
    if group is None or not permissions.can_read_group(request.user, group):
        raise Http404
    return group


def _int(value):
    # An id a column can hold, or None: ?topic=99999999999999999999 must not reach the database.
    return services.parse_id(value)


@require_GET
def group_list(request):
    """Working groups the visitor may read, and the person's direct conversations."""
    # One row per discussion (the first-created translation), each shown in the visitor's
    # language when translated: a fixed number of queries however many groups there are.
    discussions = list(
        i18n.only_sources(
            permissions.readable_groups(request.user).filter(kind=WorkingGroup.Kind.GROUP)
        )
    )
    for g in discussions:
        g._discussion = g
    displays = i18n.localized_all(discussions)
    discussions.sort(key=lambda g: displays[g.pk].name.casefold())
    unread = unread_for(request)
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            Membership.objects.filter(user=request.user, state=Membership.State.ACTIVE).values_list(
                "group_id", flat=True
            )
        )
    rows = [
        {
            "group": g,
            "display": displays[g.pk],
            "member": g.pk in mine,
            "unread": unread.get(g.pk, {}).get("total", 0),
        }
        for g in discussions
    ]
    direct = []
    invitations = []
    if request.user.is_authenticated:
        # Invitations to answer (from a convenor here, or from a group of another site).
        invited = Membership.objects.filter(
            user=request.user, state=Membership.State.INVITED, group__kind=WorkingGroup.Kind.GROUP
        ).select_related("group")
        invitations = [{"group": m.group, "display": i18n.localized(m.group)} for m in invited]
        for g in services.direct_conversations(request.user):
            others = [m.user for m in g.memberships.all() if m.user_id != request.user.pk]
            direct.append(
                {
                    "group": g,
                    "with": services.display_name(others[0]) if others else g.name,
                    "unread": unread.get(g.pk, {}).get("total", 0),
                }
            )
    return render(
        request,
        "collaboration/group_list.html",
        _base({"rows": rows, "direct": direct, "invitations": invitations}),
    )


@require_GET
def group_detail(request, slug):
    group = _readable_group_or_404(request, slug)
    topic_id = _int(request.GET.get("topic"))
    context = discussion_context(request, group, topic_id=topic_id)
    return render(request, "collaboration/group_detail.html", _base(context))


@require_GET
def history_json(request, slug):
    """Older messages as JSON: ?before=<id>&topic=<id>."""
    group = services.get_group(slug)
    if group is None or not permissions.can_read_group(request.user, group):
        return JsonResponse({"error": _("This group does not exist.")}, status=404)
    messages, has_more = services.history(
        group, before=_int(request.GET.get("before")), topic_id=_int(request.GET.get("topic"))
    )
    return JsonResponse(
        {"messages": [services.serialize_message(m) for m in messages], "has_more": has_more}
    )


@require_GET
def message_history(request, slug, message_id):
    """The earlier versions of an edited message."""
    group = _readable_group_or_404(request, slug)
    message = get_object_or_404(
        Message.objects.select_related("author", "topic"), pk=message_id, group=group
    )
    edits = list(message.edits.all()) if not message.is_deleted else []
    return render(
        request,
        "collaboration/message_history.html",
        _base({"group": group, "message": message, "edits": edits}),
    )


def _post_verb(request, verb, *args):
    try:
        verb(*args)
    except services.ChatError as error:
        flash.error(request, str(error.message))
        return False
    return True


@require_POST
@login_required
def join(request, slug):
    group = services.get_group(slug)
    if group is None or group.is_direct:
        raise Http404
    membership = permissions.get_membership(request.user, group)
    if permissions.can_join(request.user, group, membership):
        if _post_verb(request, services.join_group, request.user, group):
            flash.success(request, _("Welcome to the group."))
    elif permissions.can_request(request.user, group, membership):
        if _post_verb(request, services.request_membership, request.user, group):
            flash.success(request, _("Your request was sent to the convenors."))
    else:
        flash.error(request, _("This group cannot be joined directly."))
    if permissions.can_read_group(request.user, group):
        return redirect("collaboration:detail", slug=group.slug)
    return redirect("collaboration:list")


@require_POST
@login_required
def leave(request, slug):
    group = services.get_group(slug)
    if group is None:
        raise Http404
    membership = permissions.get_membership(request.user, group)
    invited = membership is not None and membership.state == Membership.State.INVITED
    if _post_verb(request, services.leave_group, request.user, group):
        flash.success(request, _("Invitation declined.") if invited else _("You left the group."))
    return redirect("collaboration:list")


@login_required
def manage_members(request, slug):
    """Convenors: approve requests, invite, change roles, remove, block and unblock."""
    group = services.get_group(slug)
    if group is None or not permissions.can_manage_members(request.user, group):
        raise Http404
    if request.method == "POST":
        User = get_user_model()
        action = request.POST.get("action")
        target = User.objects.filter(username=request.POST.get("username", "").strip()).first()
        if target is None:
            flash.error(request, _("There is no member with this user name."))
        elif action == "approve":
            if _post_verb(request, services.approve_request, request.user, group, target):
                flash.success(request, _("Request approved."))
        elif action == "invite":
            if _post_verb(request, services.invite_to_group, request.user, group, target):
                flash.success(request, _("Invitation sent."))
        elif action == "role":
            if _post_verb(
                request, services.change_role, request.user, group, target, request.POST.get("role")
            ):
                flash.success(request, _("Role changed."))
        elif action == "remove":
            if _post_verb(request, services.remove_member, request.user, group, target):
                flash.success(request, _("Removed."))
        elif action == "block":
            if _post_verb(request, services.block_member, request.user, group, target):
                flash.success(request, _("Blocked: they cannot rejoin until you unblock them."))
        else:
            flash.error(request, _("Unknown action."))
        return redirect("collaboration:members", slug=group.slug)
    memberships = group.memberships.select_related("user").order_by(
        "state", "role", "user__username"
    )
    return render(
        request,
        "collaboration/members.html",
        _base(
            {
                "group": group,
                "display": i18n.localized(group),
                "memberships": memberships,
                "roles": Membership.Role.choices,
            }
        ),
    )


@login_required
def mentions(request):
    """The person's mentions, newest first; opt in or out of the daily digest."""
    if request.method == "POST":
        services.set_mention_digest(request.user, request.POST.get("digest") == "on")
        flash.success(request, _("Your preference was saved."))
        return redirect("collaboration:mentions")
    pref = NotificationPreference.objects.filter(user=request.user).first()
    items = list(services.mentions_for(request.user)[:100])
    return render(
        request,
        "collaboration/mentions.html",
        _base({"mentions": items, "digest": bool(pref and pref.mention_digest)}),
    )


@require_GET
def search(request):
    """Search messages in the groups the visitor may read."""
    query = request.GET.get("q", "")
    results = services.search_messages(request.user, query)
    return render(request, "collaboration/search.html", _base({"query": query, "results": results}))


@require_POST
@login_required
def open_direct(request, username):
    User = get_user_model()
    other = get_object_or_404(User, username=username, is_active=True)
    try:
        group = services.open_direct_conversation(request.user, other)
    except services.ChatError as error:
        flash.error(request, str(error.message))
        return redirect("collaboration:list")
    return redirect("collaboration:detail", slug=group.slug)


@require_GET
def unread_json(request):
    """Unread counts of the person's groups (the header refreshes from it)."""
    counts = unread_for(request)
    return JsonResponse(
        {
            "total": sum(c["total"] for c in counts.values()),
            "mentions": services.mentions_for(request.user, unread_only=True).count(),
            "groups": {
                str(gid): {
                    "total": c["total"],
                    "topics": {str(t): n for t, n in c["topics"].items()},
                }
                for gid, c in counts.items()
            },
        }
    )
