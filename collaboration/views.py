"""Working-group pages and their JSON endpoints: thin edges over `services` and `permissions`."""

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import permissions, services
from .conf import setting
from .models import Membership, Message, WorkingGroup


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
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def unread_for(request):
    """The person's unread counts, computed once per request: the page and its header show them."""
    counts = getattr(request, "_collaboration_unread", None)
    if counts is None:
        counts = request._collaboration_unread = services.unread_counts(request.user)
    return counts


def discussion_context(request, group, topic_id=None):
    """What a template needs to show a group's live discussion (page, block or group view).

    Empty for someone who may not read the group.
    """
    group = group.discussion
    user = request.user
    membership = permissions.get_membership(user, group)
    if not permissions.can_read_group(user, group, membership):
        return {"discussion": None}
    messages, has_more = services.history(group, topic_id=topic_id)
    topics = list(group.topics.all()[:50])
    unread = unread_for(request).get(group.pk, {"topics": {}, "total": 0})
    for topic in topics:
        topic.unread = unread["topics"].get(topic.pk, 0)
    current_topic = next((t for t in topics if t.pk == topic_id), None)
    return {
        "discussion": {
            "group": group,
            "display": group.localized_for_display(),
            "membership": membership,
            "can_post": permissions.can_post(user, group, membership),
            "can_moderate": permissions.can_moderate(user, group, membership),
            "can_manage": permissions.can_manage_members(user, group, membership),
            "can_join": permissions.can_join(user, group, membership),
            "can_request": permissions.can_request(user, group, membership),
            "messages": messages,
            "has_more": has_more,
            "topics": topics,
            "current_topic": current_topic,
            "ws_path": f"/ws/groups/{group.slug}/?lang={get_language() or ''}",
            "max_length": setting("MAX_MESSAGE_LENGTH"),
            "user": user,
            "strings": chat_strings(),
            "strings_id": f"chat-strings-{group.pk}",
            "initial": [services.serialize_message(m) for m in messages],
            "initial_id": f"chat-initial-{group.pk}",
        }
    }


def chat_strings():
    """The JavaScript client's words, in the page's language."""
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected."),
        "reconnecting": _("Connection lost; reconnecting…"),
        "offline": _("You are offline; messages will be sent when the connection is back."),
        "forbidden": _("You no longer have access to this discussion."),
        "edited": _("(edited)"),
        "deleted": _("This message was deleted."),
        "edit": _("Edit"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this message?"),
        "history": _("Edit history"),
        "react_with": _("React with %(emoji)s"),
        "remove_reaction": _("Remove your %(emoji)s"),
        "edit_label": _("Edit your message"),
        "typing_one": _("%(name)s is typing…"),
        "typing_many": _("%(names)s are typing…"),
        "new_message": _("New message from %(name)s in %(topic)s: %(text)s"),
        "mentioned_you": _("%(name)s mentioned you in %(topic)s: %(text)s"),
        "mentions_you": _("Mentions you"),
        "nobody_here": _("Nobody else is here."),
        "too_long": _("This message is too long."),
        "former_member": _("Former member"),
        "loading": _("Loading…"),
        "sending": _("Sending…"),
    }


@require_GET
def group_list(request):
    """Working groups the visitor may read, and the person's direct conversations."""
    # One row per discussion (the first-created translation), each shown in the visitor's
    # language when translated: a fixed number of queries however many groups there are.
    source = WorkingGroup.objects.filter(translation_key=OuterRef("translation_key")).order_by("pk")
    discussions = list(
        permissions.readable_groups(request.user)
        .filter(kind=WorkingGroup.Kind.GROUP)
        .annotate(source_pk=Subquery(source.values("pk")[:1]))
        .filter(pk=F("source_pk"))
    )
    for g in discussions:
        g._discussion = g
    displays = WorkingGroup.displays(discussions)
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
    if request.user.is_authenticated:
        for g in services.direct_conversations(request.user):
            others = [m.user for m in g.memberships.all() if m.user_id != request.user.pk]
            direct.append(
                {
                    "group": g,
                    "with": services.display_name(others[0]) if others else g.name,
                    "unread": unread.get(g.pk, {}).get("total", 0),
                }
            )
    return render(request, "collaboration/group_list.html", _base({"rows": rows, "direct": direct}))


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
    if _post_verb(request, services.leave_group, request.user, group):
        flash.success(request, _("You left the group."))
    return redirect("collaboration:list")


@login_required
def manage_members(request, slug):
    """Convenors: approve requests, invite, change roles, remove."""
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
            if _post_verb(request, services.invite_member, request.user, group, target):
                flash.success(request, _("Invitation sent."))
        elif action == "role":
            if _post_verb(
                request, services.change_role, request.user, group, target, request.POST.get("role")
            ):
                flash.success(request, _("Role changed."))
        elif action == "remove":
            if _post_verb(request, services.remove_member, request.user, group, target):
                flash.success(request, _("Removed."))
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
                "display": group.localized_for_display(),
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
    from .models import NotificationPreference

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
