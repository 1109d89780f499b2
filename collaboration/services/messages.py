"""Writing in a group: post, edit and delete messages, with the mentions they carry."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import formatting, permissions, signals
from ..conf import setting
from ..models import Membership, Mention, Message, MessageEdit, Reaction, ReadMarker, Topic
from .errors import ChatError, forbidden
from .ids import parse_id
from .layer import broadcast, notify_user
from .serialise import message_queryset, serialize_message


def _clean_body(body):
    if not isinstance(body, str):
        raise ChatError("invalid", _("A message must be text."))
    # No control characters: PostgreSQL refuses NUL, and nobody means to send them.
    body = formatting.strip_controls(body).strip()
    if not body:
        raise ChatError("empty", _("A message cannot be empty."))
    limit = setting("MAX_MESSAGE_LENGTH")
    if len(body) > limit:
        raise ChatError(
            "too_long",
            _("This message is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(body), "limit": limit},
        )
    return body


def _clean_topic(title):
    if not isinstance(title, str) or not title.strip():
        raise ChatError("invalid_topic", _("Give the message a topic."))
    title = " ".join(formatting.strip_controls(title).split())
    if not title:
        raise ChatError("invalid_topic", _("Give the message a topic."))
    if len(title) > 120:
        raise ChatError("invalid_topic", _("A topic title has at most 120 characters."))
    return title


def _render(user, group, body, membership, origin=""):
    """The HTML of a body and the members it mentions; @all only for convenors."""
    names = formatting.mentioned_names(body)
    if origin:
        # Written on another site: a bare @name is one of that site's people, not ours. Ours are
        # named by the note's Mention tags (collaboration.federation.mentions).
        names = {name for name in names if "@" in name or name == "all"}
    members = {}
    if names:
        members = dict(
            Membership.objects.filter(
                group=group, state=Membership.State.ACTIVE, user__username__in=names - {"all"}
            ).values_list("user__username", "user_id")
        )
    mention_all = "all" in names
    if mention_all and not permissions.can_mention_all(user, group, membership):
        raise ChatError("mention_all", _("Only convenors can mention @all."))
    html = formatting.render(body, members.keys())
    if mention_all:
        ids = set(
            Membership.objects.filter(group=group, state=Membership.State.ACTIVE).values_list(
                "user_id", flat=True
            )
        )
    else:
        ids = set(members.values())
    ids.discard(user.pk)
    return html, ids


def add_mentions(message, user_ids):
    """Record that these people are named in the message and tell each of them once; returns
    the ids of those newly mentioned (a second call with the same people notifies nobody)."""
    user_ids = set(user_ids)
    existing = set(Mention.objects.filter(message=message).values_list("user_id", flat=True))
    new_ids = user_ids - existing
    Mention.objects.bulk_create(
        [Mention(message=message, user_id=uid) for uid in sorted(new_ids)], ignore_conflicts=True
    )
    for uid in new_ids:
        notify_user(
            uid,
            {
                "type": "chat.mention",
                "message_id": message.pk,
                "group_id": message.group_id,
                "topic_id": message.topic_id,
            },
        )
    return new_ids


def post_message(user, group, topic_title, body, client_id=None, origin=""):
    """Store a message in a topic (created if new) and broadcast it. Returns (message, created).

    The same `client_id` from the same author returns the stored message instead of a copy.
    `origin` is the site the message was written on when it is not this one.
    """
    group = group.discussion
    # Rights first: a member removed since sending must not get even the stored copy back.
    membership = permissions.get_membership(user, group)
    if not permissions.can_post(user, group, membership):
        raise forbidden()
    if client_id is not None:
        if (
            not isinstance(client_id, str)
            or not 0 < len(client_id) <= 64
            or not client_id.isprintable()
        ):
            raise ChatError("invalid", _("Invalid message identifier."))
        existing = message_queryset().filter(author=user, client_id=client_id).first()
        if existing is not None:
            if existing.group_id != group.pk:
                raise ChatError("invalid", _("Invalid message identifier."))
            return existing, False
    body = _clean_body(body)
    title = _clean_topic(topic_title)
    html, mentioned = _render(user, group, body, membership, origin)
    try:
        with transaction.atomic():
            topic, _created = Topic.objects.get_or_create(group=group, title=title)
            message = Message.objects.create(
                group=group,
                topic=topic,
                author=user,
                body=body,
                html=html,
                client_id=client_id,
                origin=origin,
            )
            Topic.objects.filter(pk=topic.pk).update(last_activity=message.created_at)
            # The author has read what they wrote.
            if not ReadMarker.objects.filter(user=user, topic=topic).update(
                last_read_message_id=message.pk
            ):
                ReadMarker.objects.create(user=user, topic=topic, last_read_message_id=message.pk)
            if mentioned:
                add_mentions(message, mentioned)
            message.topic = topic
            # A new message has no reactions yet: no need to ask the database.
            message._prefetched_objects_cache = {"reactions": Reaction.objects.none()}
            signals.message_posted.send(sender=Message, message=message, user=user)
            broadcast(group.pk, {"type": "message", "message": serialize_message(message)})
    except IntegrityError:
        if client_id is None:
            raise
        return message_queryset().get(author=user, client_id=client_id), False
    return message, True


def load_message(message_id, group=None):
    """The message with this id (in this group, if given), ready to serialise; or a refusal."""
    qs = message_queryset().select_related("group")
    if group is not None:
        qs = qs.filter(group=group.discussion)
    message_id = parse_id(message_id)
    try:
        if message_id is None:
            raise Message.DoesNotExist
        return qs.get(pk=message_id)
    except Message.DoesNotExist:
        raise ChatError("not_found", _("This message does not exist.")) from None


def edit_message(user, message_id, body, group=None):
    """Change a message's text, keeping the previous version in its history."""
    message = load_message(message_id, group)
    membership = permissions.get_membership(user, message.group)
    if not permissions.can_edit_message(user, message, membership):
        raise forbidden()
    body = _clean_body(body)
    if body == message.body:
        return message
    html, mentioned = _render(user, message.group, body, membership, message.origin)
    with transaction.atomic():
        MessageEdit.objects.create(
            message=message, body=message.body, html=message.html, editor=user
        )
        now = timezone.now()
        message.body, message.html, message.edited_at, message.changed_at = body, html, now, now
        message.save(update_fields=["body", "html", "edited_at", "changed_at"])
        add_mentions(message, mentioned)
        signals.message_edited.send(sender=Message, message=message, user=user)
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message


def delete_message(user, message_id, group=None):
    """Delete a message: its text goes, a placeholder stays in the discussion."""
    message = load_message(message_id, group)
    if not permissions.can_delete_message(user, message):
        raise forbidden()
    return remove_message(message, user)


def remove_message(message, user=None):
    """Delete a message already checked (by `delete_message`, or by the word of the group's home
    site when `user` is None): its text goes, a placeholder stays."""
    with transaction.atomic():
        message.deleted_at = message.changed_at = timezone.now()
        message.save(update_fields=["deleted_at", "changed_at"])
        # What was said is gone, including earlier versions and who was named.
        MessageEdit.objects.filter(message=message).delete()
        Mention.objects.filter(message=message).delete()
        Reaction.objects.filter(message=message).delete()
        message.body = message.html = ""
        signals.message_deleted.send(sender=Message, message=message, user=user)
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message
