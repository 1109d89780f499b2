"""The verbs of working groups: each writes to the database, then broadcasts once committed.

Views, consumers, the admin, the demo and the tests all go through these functions. A broadcast
that fails is logged and lost only on the wire: the message is already stored, and a client that
reconnects fetches everything after the last id it saw.
"""

import json
import logging
import unicodedata
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import formatting, permissions
from .conf import setting
from .models import (
    Membership,
    Mention,
    Message,
    MessageEdit,
    Presence,
    Reaction,
    ReadMarker,
    Topic,
    WorkingGroup,
)

logger = logging.getLogger(__name__)


class ChatError(Exception):
    """A refusal a person can act on: a stable `code` for programs, a translated `message`."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


def _deny():
    return ChatError("forbidden", _("You are not allowed to do that in this group."))


# --- channel layer -------------------------------------------------------------------------


def group_channel(group_id):
    return f"collab.group.{group_id}"


def user_channel(user_id):
    return f"collab.user.{user_id}"


def _send_now(channel_group, event):
    try:
        layer = get_channel_layer(setting("CHANNEL_LAYER"))
        if layer is not None:
            async_to_sync(layer.group_send)(channel_group, event)
    except Exception:  # noqa: BLE001 - the row is stored; clients catch up on reconnect
        logger.exception("broadcast to %s failed", channel_group)


def broadcast(group_id, frame):
    """Send a frame to every open connection of the group once the transaction commits.

    The frame is serialised once here, not once per connection.
    """
    event = {"type": "chat.frame", "text": json.dumps(frame, separators=(",", ":"))}
    transaction.on_commit(lambda: _send_now(group_channel(group_id), event))


def notify_user(user_id, event):
    transaction.on_commit(lambda: _send_now(user_channel(user_id), event))


# --- serialisation -------------------------------------------------------------------------


def display_name(user):
    if user is None:
        return str(_("Former member"))
    return user.get_full_name() or user.get_username()


def reactions_summary(reactions):
    summary = {}
    for r in reactions:
        entry = summary.setdefault(r.emoji, {"emoji": r.emoji, "count": 0, "users": []})
        entry["count"] += 1
        entry["users"].append(r.user.get_username())
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
        },
        "body": "" if deleted else message.body,
        "html": "" if deleted else message.html,
        "created": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "reactions": [] if deleted else reactions_summary(message.reactions.all()),
        "client_id": message.client_id,
    }


def message_queryset():
    return Message.objects.select_related("author", "topic").prefetch_related("reactions__user")


# --- groups --------------------------------------------------------------------------------


def get_group(slug):
    """The discussion row of the group with this slug (any translation's slug), or None.

    One query: the first-created row of the translations of the first row with this slug.
    """
    key = WorkingGroup.objects.filter(slug=slug).order_by("pk").values("translation_key")[:1]
    group = WorkingGroup.objects.filter(translation_key=Subquery(key)).order_by("pk").first()
    if group is not None:
        group._discussion = group
    return group


def create_group(
    name,
    *,
    slug=None,
    description="",
    visibility=WorkingGroup.Visibility.PUBLIC,
    join_policy=WorkingGroup.JoinPolicy.APPROVAL,
    convenor=None,
    kind=WorkingGroup.Kind.GROUP,
):
    """Create a working group (in the default locale) and make `convenor` its first convenor."""
    with transaction.atomic():
        group = WorkingGroup.objects.create(
            name=name,
            slug=slug or slugify(name)[:100],
            description=description,
            visibility=visibility,
            join_policy=join_policy,
            kind=kind,
        )
        if convenor is not None:
            Membership.objects.create(group=group, user=convenor, role=Membership.Role.CONVENOR)
    return group


def open_direct_conversation(a, b):
    """The private conversation of two members, created the first time; idempotent."""
    if a.pk == b.pk:
        raise ChatError("invalid", _("You cannot open a conversation with yourself."))
    low, high = sorted([a, b], key=lambda u: u.pk)
    slug = f"dm-{low.pk}-{high.pk}"
    existing = WorkingGroup.objects.filter(slug=slug, kind=WorkingGroup.Kind.DIRECT).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            group = WorkingGroup.objects.create(
                name=f"{display_name(low)} · {display_name(high)}",
                slug=slug,
                visibility=WorkingGroup.Visibility.PRIVATE,
                join_policy=WorkingGroup.JoinPolicy.INVITATION,
                kind=WorkingGroup.Kind.DIRECT,
            )
            for user in (low, high):
                Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    except IntegrityError:
        return WorkingGroup.objects.get(slug=slug, kind=WorkingGroup.Kind.DIRECT)
    return group


def direct_conversations(user):
    return WorkingGroup.objects.filter(
        kind=WorkingGroup.Kind.DIRECT,
        memberships__user_id=user.pk,
        memberships__state=Membership.State.ACTIVE,
    ).prefetch_related("memberships__user")


def _membership_changed(group, user_id):
    """Tell the person's open connections their rights changed (they reconnect or close)."""
    notify_user(user_id, {"type": "chat.membership", "group_id": group.pk})


def join_group(user, group):
    """Join an open group, or accept an invitation."""
    group = group.discussion
    membership = permissions.get_membership(user, group)
    if not permissions.can_join(user, group, membership):
        if membership is not None and membership.is_active:
            return membership
        raise ChatError("forbidden", _("This group cannot be joined directly."))
    with transaction.atomic():
        if membership is None:
            membership = Membership.objects.create(group=group, user=user)
        else:
            membership.state = Membership.State.ACTIVE
            membership.save(update_fields=["state"])
        _membership_changed(group, user.pk)
    return membership


def request_membership(user, group):
    group = group.discussion
    membership = permissions.get_membership(user, group)
    if membership is not None:
        return membership
    if not permissions.can_request(user, group, membership):
        raise ChatError("forbidden", _("This group does not take requests to join."))
    return Membership.objects.create(group=group, user=user, state=Membership.State.REQUESTED)


def _managed(actor, group):
    group = group.discussion
    if not permissions.can_manage_members(actor, group):
        raise _deny()
    return group


def approve_request(actor, group, user):
    group = _managed(actor, group)
    with transaction.atomic():
        updated = Membership.objects.filter(
            group=group, user=user, state=Membership.State.REQUESTED
        ).update(state=Membership.State.ACTIVE)
        if not updated:
            raise ChatError("not_found", _("There is no such request."))
        _membership_changed(group, user.pk)


def invite_member(actor, group, user):
    group = _managed(actor, group)
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"state": Membership.State.INVITED}
    )
    if not created and membership.state == Membership.State.REQUESTED:
        # Inviting someone who asked is saying yes.
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
        _membership_changed(group, user.pk)
    return membership


def change_role(actor, group, user, role):
    group = _managed(actor, group)
    if role not in Membership.Role.values:
        raise ChatError("invalid", _("Unknown role."))
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is None:
            raise ChatError("not_found", _("This person is not a member."))
        if membership.role == Membership.Role.CONVENOR and role != Membership.Role.CONVENOR:
            _keep_a_convenor(group, membership)
        membership.role = role
        membership.save(update_fields=["role"])
        _membership_changed(group, user.pk)
    return membership


def _keep_a_convenor(group, leaving):
    others = (
        Membership.objects.filter(
            group=group, role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
        )
        .exclude(pk=leaving.pk)
        .exists()
    )
    if not others:
        raise ChatError("last_convenor", _("A group needs at least one convenor."))


def remove_member(actor, group, user):
    """Remove a member (convenor), decline a request, or withdraw an invitation."""
    group = _managed(actor, group)
    with transaction.atomic():
        membership = Membership.objects.filter(group=group, user=user).first()
        if membership is None:
            return
        if membership.role == Membership.Role.CONVENOR:
            _keep_a_convenor(group, membership)
        membership.delete()
        _membership_changed(group, user.pk)


def leave_group(user, group):
    group = group.discussion
    with transaction.atomic():
        membership = permissions.get_membership(user, group)
        if membership is None:
            return
        if membership.role == Membership.Role.CONVENOR and not group.is_direct:
            _keep_a_convenor(group, membership)
        membership.delete()
        _membership_changed(group, user.pk)


# --- messages ------------------------------------------------------------------------------


def _clean_body(body):
    if not isinstance(body, str):
        raise ChatError("invalid", _("A message must be text."))
    body = body.replace("\r\n", "\n").strip()
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
    title = " ".join(title.split())
    if len(title) > 120:
        raise ChatError("invalid_topic", _("A topic title has at most 120 characters."))
    return title


def _render(user, group, body, membership):
    """The HTML of a body and the members it mentions; @all only for convenors."""
    names = formatting.mentioned_names(body)
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


def _add_mentions(message, user_ids):
    existing = set(Mention.objects.filter(message=message).values_list("user_id", flat=True))
    Mention.objects.bulk_create(
        [Mention(message=message, user_id=uid) for uid in user_ids if uid not in existing]
    )
    for uid in user_ids - existing:
        notify_user(
            uid,
            {
                "type": "chat.mention",
                "message_id": message.pk,
                "group_id": message.group_id,
                "topic_id": message.topic_id,
            },
        )


def post_message(user, group, topic_title, body, client_id=None):
    """Store a message in a topic (created if new) and broadcast it. Returns (message, created).

    The same `client_id` from the same author returns the stored message instead of a copy.
    """
    group = group.discussion
    # Rights first: a member removed since sending must not get even the stored copy back.
    membership = permissions.get_membership(user, group)
    if not permissions.can_post(user, group, membership):
        raise _deny()
    if client_id is not None:
        if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
            raise ChatError("invalid", _("Invalid message identifier."))
        existing = message_queryset().filter(author=user, client_id=client_id).first()
        if existing is not None:
            if existing.group_id != group.pk:
                raise ChatError("invalid", _("Invalid message identifier."))
            return existing, False
    body = _clean_body(body)
    title = _clean_topic(topic_title)
    html, mentioned = _render(user, group, body, membership)
    try:
        with transaction.atomic():
            topic, _created = Topic.objects.get_or_create(group=group, title=title)
            message = Message.objects.create(
                group=group, topic=topic, author=user, body=body, html=html, client_id=client_id
            )
            Topic.objects.filter(pk=topic.pk).update(last_activity=message.created_at)
            # The author has read what they wrote.
            if not ReadMarker.objects.filter(user=user, topic=topic).update(
                last_read_message_id=message.pk
            ):
                ReadMarker.objects.create(user=user, topic=topic, last_read_message_id=message.pk)
            if mentioned:
                _add_mentions(message, mentioned)
            message.topic = topic
            # A new message has no reactions yet: no need to ask the database.
            message._prefetched_objects_cache = {"reactions": Reaction.objects.none()}
            broadcast(group.pk, {"type": "message", "message": serialize_message(message)})
    except IntegrityError:
        if client_id is None:
            raise
        return message_queryset().get(author=user, client_id=client_id), False
    return message, True


def _load_message(message_id, group=None):
    qs = message_queryset().select_related("group")
    if group is not None:
        qs = qs.filter(group=group.discussion)
    try:
        return qs.get(pk=int(message_id))
    except (Message.DoesNotExist, TypeError, ValueError):
        raise ChatError("not_found", _("This message does not exist.")) from None


def edit_message(user, message_id, body, group=None):
    """Change a message's text, keeping the previous version in its history."""
    message = _load_message(message_id, group)
    membership = permissions.get_membership(user, message.group)
    if not permissions.can_edit_message(user, message, membership):
        raise _deny()
    body = _clean_body(body)
    if body == message.body:
        return message
    html, mentioned = _render(user, message.group, body, membership)
    with transaction.atomic():
        MessageEdit.objects.create(
            message=message, body=message.body, html=message.html, editor=user
        )
        now = timezone.now()
        message.body, message.html, message.edited_at, message.changed_at = body, html, now, now
        message.save(update_fields=["body", "html", "edited_at", "changed_at"])
        _add_mentions(message, mentioned)
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message


def delete_message(user, message_id, group=None):
    """Delete a message: its text goes, a placeholder stays in the discussion."""
    message = _load_message(message_id, group)
    if not permissions.can_delete_message(user, message):
        raise _deny()
    with transaction.atomic():
        message.deleted_at = message.changed_at = timezone.now()
        message.save(update_fields=["deleted_at", "changed_at"])
        # What was said is gone, including earlier versions and who was named.
        MessageEdit.objects.filter(message=message).delete()
        Mention.objects.filter(message=message).delete()
        Reaction.objects.filter(message=message).delete()
        message.body = message.html = ""
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message


def _clean_emoji(emoji):
    ok = (
        isinstance(emoji, str)
        and 0 < len(emoji) <= 8
        and all(ord(c) > 0x2000 and unicodedata.category(c)[0] in {"S", "M", "C"} for c in emoji)
    )
    if not ok:
        raise ChatError("invalid_emoji", _("A reaction is a single emoji."))
    return emoji


def react(user, message_id, emoji, group=None, add=True):
    """Add (or with add=False remove) the person's emoji on a message."""
    message = _load_message(message_id, group)
    if message.is_deleted or not permissions.can_post(user, message.group):
        raise _deny()
    emoji = _clean_emoji(emoji)
    with transaction.atomic():
        if add:
            changed = Reaction.objects.get_or_create(message=message, user=user, emoji=emoji)[1]
        else:
            changed = Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()[0]
        if changed:
            # A removal leaves no row behind: the stamp is how a reconnecting client learns of it.
            Message.objects.filter(pk=message.pk).update(changed_at=timezone.now())
        message = message_queryset().get(pk=message.pk)
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message


def unreact(user, message_id, emoji, group=None):
    return react(user, message_id, emoji, group=group, add=False)


def mark_read(user, topic_id, message_id):
    """Move the person's read marker of a topic forward (never back)."""
    try:
        topic = Topic.objects.select_related("group").get(pk=int(topic_id))
        message_id = int(message_id)
    except (Topic.DoesNotExist, TypeError, ValueError):
        raise ChatError("not_found", _("This topic does not exist.")) from None
    if not permissions.can_post(user, topic.group):
        raise _deny()
    with transaction.atomic():
        marker, _created = ReadMarker.objects.get_or_create(user=user, topic=topic)
        if message_id > marker.last_read_message_id:
            marker.last_read_message_id = message_id
            marker.save(update_fields=["last_read_message_id"])
        Mention.objects.filter(
            user=user, read=False, message__topic=topic, message_id__lte=message_id
        ).update(read=True)
        notify_user(
            user.pk,
            {
                "type": "chat.read",
                "group_id": topic.group_id,
                "topic_id": topic.pk,
                "last_read": marker.last_read_message_id,
            },
        )
    return marker


def history(group, *, before=None, topic_id=None, limit=None):
    """The page of messages before `before` (newest last), and whether older ones exist."""
    limit = limit or setting("PAGE_SIZE")
    qs = message_queryset().filter(group=group.discussion)
    if topic_id:
        qs = qs.filter(topic_id=topic_id)
    if before:
        qs = qs.filter(pk__lt=before)
    page = list(qs.order_by("-pk")[: limit + 1])
    has_more = len(page) > limit
    return list(reversed(page[:limit])), has_more


def messages_after(group, last_id, limit=None):
    """What a reconnecting client missed: messages after `last_id`, oldest first."""
    limit = limit or setting("RESUME_LIMIT")
    qs = message_queryset().filter(group=group.discussion, pk__gt=last_id).order_by("pk")
    page = list(qs[: limit + 1])
    return page[:limit], len(page) > limit


def changed_since(group, last_id, since):
    """Messages up to `last_id` edited, deleted, or whose reactions changed, after `since`."""
    qs = message_queryset().filter(group=group.discussion, pk__lte=last_id, changed_at__gt=since)
    return list(qs.order_by("pk")[: setting("RESUME_LIMIT")])


def search_messages(user, query, limit=50):
    """Messages containing `query` in the groups the person may read."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    groups = permissions.readable_groups(user).values("pk")
    return list(
        message_queryset()
        .select_related("group")
        .filter(group__in=groups, deleted_at__isnull=True, body__icontains=query)
        .order_by("-pk")[:limit]
    )


# --- notifications -------------------------------------------------------------------------


def unread_counts(user):
    """Unread messages per group and topic for the person's groups, in one query.

    Returns {group_id: {"total": n, "topics": {topic_id: n}}}.
    """
    if user is None or not user.is_authenticated:
        return {}
    marker = ReadMarker.objects.filter(user_id=user.pk, topic_id=OuterRef("topic_id")).values(
        "last_read_message_id"
    )[:1]
    rows = (
        Message.objects.filter(
            group__memberships__user_id=user.pk,
            group__memberships__state=Membership.State.ACTIVE,
            deleted_at__isnull=True,
        )
        .exclude(author_id=user.pk)
        .annotate(last_read=Coalesce(Subquery(marker), Value(0)))
        .filter(pk__gt=F("last_read"))
        .values("group_id", "topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        entry = counts.setdefault(row["group_id"], {"total": 0, "topics": {}})
        entry["topics"][row["topic_id"]] = row["n"]
        entry["total"] += row["n"]
    return counts


def mentions_for(user, unread_only=False):
    """The person's mentions in groups they can still read, newest first."""
    if user is None or not user.is_authenticated:
        return Mention.objects.none()
    qs = Mention.objects.filter(
        user=user,
        message__group__in=permissions.member_groups(user).values("pk"),
        message__deleted_at__isnull=True,
    ).select_related("message__author", "message__topic", "message__group")
    if unread_only:
        qs = qs.filter(read=False)
    return qs


def _mentions_url():
    """The absolute address of the mentions page, for e-mails (sent outside any request)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    origin = setting("SITE_URL") or getattr(settings, "SITE_URL", "")
    with translation.override(settings.LANGUAGE_CODE):
        return origin.rstrip("/") + reverse("collaboration:mentions")


def send_mention_digest(user):
    """E-mail the person their unread mentions not yet sent; returns how many were sent.

    The mentions are claimed (stamped) before the e-mail goes: a second digest of the same
    person running at the same time (the command queued twice) finds none left to send.
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from .models import NotificationPreference

    pref = NotificationPreference.objects.filter(user=user, mention_digest=True).first()
    if pref is None or not user.email:
        return 0
    pending = mentions_for(user, unread_only=True).filter(emailed_at__isnull=True)
    ids = list(pending.values_list("pk", flat=True)[:100])
    if not ids:
        return 0
    stamp = timezone.now()
    Mention.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    mentions = list(mentions_for(user).filter(pk__in=ids, emailed_at=stamp))
    if not mentions:
        return 0
    context = {"user": user, "mentions": mentions, "mentions_url": _mentions_url()}
    try:
        send_mail(
            subject=str(_("Your unread mentions in working groups")),
            message=render_to_string("collaboration/email/mention_digest.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        # Not sent: the next digest tries these mentions again.
        Mention.objects.filter(pk__in=ids, emailed_at=stamp).update(emailed_at=None)
        raise
    return len(mentions)


def opted_in_user_ids():
    from .models import NotificationPreference

    return list(
        NotificationPreference.objects.filter(mention_digest=True).values_list("user_id", flat=True)
    )


def set_mention_digest(user, enabled):
    from .models import NotificationPreference

    NotificationPreference.objects.update_or_create(
        user=user, defaults={"mention_digest": bool(enabled)}
    )


# --- presence ------------------------------------------------------------------------------


def _present_users(group_id):
    fresh = timezone.now() - timedelta(seconds=setting("PRESENCE_TTL"))
    User = get_user_model()
    ids = (
        Presence.objects.filter(group_id=group_id, seen_at__gte=fresh)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return [
        {"id": u.pk, "username": u.get_username(), "name": display_name(u)}
        for u in User.objects.filter(pk__in=list(ids)).order_by("username")
    ]


def presence_join(group_id, user, channel_name):
    """Record an open connection; returns everyone present, and whether this user is new here."""
    fresh = timezone.now() - timedelta(seconds=setting("PRESENCE_TTL"))
    already = Presence.objects.filter(group_id=group_id, user=user, seen_at__gte=fresh).exists()
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={"group_id": group_id, "user": user, "seen_at": timezone.now()},
    )
    return _present_users(group_id), not already


def presence_leave(group_id, user_id, channel_name):
    """Forget a connection; True when the person has no other connection to the group."""
    Presence.objects.filter(channel_name=channel_name).delete()
    fresh = timezone.now() - timedelta(seconds=setting("PRESENCE_TTL"))
    return not Presence.objects.filter(
        group_id=group_id, user_id=user_id, seen_at__gte=fresh
    ).exists()


def presence_heartbeat(channel_names):
    """Keep these open connections present (one process's connections to one group)."""
    Presence.objects.filter(channel_name__in=list(channel_names)).update(seen_at=timezone.now())
    # Rows of crashed processes, long expired, are cleared by whoever beats.
    Presence.objects.filter(
        seen_at__lt=timezone.now() - timedelta(seconds=setting("PRESENCE_TTL") * 10)
    ).delete()
