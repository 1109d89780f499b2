"""What a template needs to show a group's discussion: for its view, page type, block and tags."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import i18n, permissions, services
from .conf import setting


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
            "display": i18n.localized(group),
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
        "unavailable": _("Live updates are unavailable; retrying…"),
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
