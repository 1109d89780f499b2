"""Messages and people as JSON: the same over WebSocket, JSON history and catch-up."""

from django.utils.translation import gettext_lazy as _

from ..models import Message


def display_name(user):
    if user is None:
        return str(_("Former member"))
    return user.get_full_name() or user.get_username()


def reactions_summary(reactions):
    summary = {}
    for r in reactions:
        entry = summary.setdefault(
            r.emoji, {"emoji": r.emoji, "count": 0, "users": [], "names": []}
        )
        entry["count"] += 1
        entry["users"].append(r.user.get_username())
        entry["names"].append(display_name(r.user))
    return list(summary.values())


def serialize_message(message):
    """The JSON form of a message, the same over WebSocket, JSON history and catch-up."""
    deleted = message.deleted_at is not None
    author = message.author
    return {
        "id": message.pk,
        "topic_id": message.topic_id,
        "topic": message.topic.title,
        "author": {
            "id": author.pk if author else None,
            "username": author.get_username() if author else "",
            "name": display_name(author),
            # The site the author writes from, when it is not this one.
            "home": message.origin or None,
        },
        "body": "" if deleted else message.body,
        "html": "" if deleted else message.html,
        "created": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "reactions": [] if deleted else reactions_summary(message.reactions.all()),
        "client_id": message.client_id,
        # Written here, not yet confirmed by the group's home site.
        "pending": message.pending,
    }


def message_queryset():
    """Messages with what `serialize_message` reads, so serialising asks nothing more."""
    return Message.objects.select_related("author", "topic").prefetch_related("reactions__user")
