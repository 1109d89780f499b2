"""Applying what a group of another site announced to our copy of it, in the group's order.

Called for each `Announce` the group's inbox handler accepts (no network: what needs a fetch
raises NeedsFetch and is left to the sync task), and by the sync task for each activity of the
group's log (which may fetch). A group's home site is the authority on its discussion: what it
announces is applied on its word, with its authors' accounts here.
"""

from __future__ import annotations

from django.utils import timezone

from federation.activitystreams import id_of
from federation.conf import site_url
from federation.inbox import Refused

from .. import services
from ..conf import setting
from ..models import Membership, Message
from ..services import ChatError
from . import erasure, objects, roles
from .fetching import fetch_activity, fetch_context_name
from .mentions import notify_mentioned
from .models import FederatedMessage, FederatedTopic, RemoteGroup
from .outgoing import applying
from .participants import participant_user, remote_actor_for

DEFAULT_EMOJI = "👍"


class NeedsFetch(Exception):
    """Applying this needs something from the network: the sync task does it."""


def message_by_uri(uri) -> Message | None:
    if not uri:
        return None
    pk = objects.local_id(uri, "messages")
    if pk is not None:
        message = Message.objects.filter(pk=pk).select_related("group", "topic").first()
        if message is not None:
            return message
    federated = FederatedMessage.objects.filter(uri=uri).select_related(
        "message__group", "message__topic"
    )
    found = federated.first()
    return found.message if found else None


def _ensure_member(group, user) -> None:
    """A person the group's home site says writes in it is a member of our copy."""
    Membership.objects.get_or_create(
        group=group, user=user, defaults={"state": Membership.State.ACTIVE}
    )
    Membership.objects.filter(group=group, user=user).exclude(state=Membership.State.ACTIVE).update(
        state=Membership.State.ACTIVE
    )


def _author_user(uri: str, local_group):
    if not uri or uri.startswith(site_url() + "/"):
        return None
    user = participant_user(remote_actor_for(uri))
    _ensure_member(local_group, user)
    return user


def _resolve_topic(remote: RemoteGroup, announce: dict, obj: dict, body: str, may_fetch: bool):
    group = remote.group
    context = id_of(announce.get("context")) or id_of(obj.get("context"))
    if context:
        mapped = FederatedTopic.objects.filter(context_uri=context).select_related("topic").first()
        if mapped is not None:
            return mapped.topic.title, context
    reply = message_by_uri(id_of(obj.get("inReplyTo")))
    if reply is not None and reply.group_id == group.pk:
        return reply.topic.title, context
    if isinstance(obj.get("name"), str) and obj["name"].strip():
        return objects.title_of(obj, body), context
    if context and not may_fetch:
        raise NeedsFetch(context)
    if context:
        name = fetch_context_name(remote, context)
        if name:
            return objects.title_of({"name": name}, body), context
    return objects.title_of(obj, body), context


def _map_topic(topic, context: str | None, root_uri: str | None) -> None:
    if not context or FederatedTopic.objects.filter(topic=topic).exists():
        return
    FederatedTopic.objects.get_or_create(
        context_uri=context, defaults={"topic": topic, "root_uri": root_uri or ""}
    )


def apply_announce(remote: RemoteGroup, announce: dict, *, may_fetch: bool) -> str:
    """Apply one activity the group's home site announced to our copy of the group."""
    inner = announce.get("object")
    if isinstance(inner, str):
        if not may_fetch:
            raise NeedsFetch(inner)
        inner = fetch_activity(remote, inner)
    if not isinstance(inner, dict):
        raise Refused(400, "Announce without an activity")
    kind = objects.types_of(inner)
    seq = announce.get("seq")
    group = remote.group
    with applying(inner, seq):
        if "Create" in kind and isinstance(inner.get("object"), dict):
            return _apply_create(remote, announce, inner, may_fetch)
        if "Update" in kind and isinstance(inner.get("object"), dict):
            obj = inner["object"]
            message = message_by_uri(id_of(obj))
            if message is None or message.group_id != group.pk or message.is_deleted:
                return "ignored: unknown message"
            user = message.author
            if user is None:
                return "ignored: former member"
            body = objects.text_of(obj, setting("MAX_MESSAGE_LENGTH"))
            if body and body != message.body:
                try:
                    message = services.edit_message(user, message.pk, body)
                except ChatError as exc:
                    return f"ignored: {exc.message}"
            notify_mentioned(message, obj)
            return "message edited"
        if kind & {"Add", "Remove"}:
            return roles.apply_role(remote, inner)
        if "Delete" in kind and id_of(inner.get("object")) == id_of(inner.get("actor")):
            return erasure.apply_announced_delete(remote, inner)
        if "Delete" in kind:
            message = message_by_uri(id_of(inner.get("object")))
            if message is None or message.group_id != group.pk:
                return "ignored: unknown message"
            if not message.is_deleted:
                services.remove_message(message)
            return "message deleted"
        if kind & {"Like", "EmojiReact"} or (
            "Undo" in kind
            and isinstance(inner.get("object"), dict)
            and objects.types_of(inner["object"]) & {"Like", "EmojiReact"}
        ):
            like = inner if kind & {"Like", "EmojiReact"} else inner["object"]
            message = message_by_uri(id_of(like.get("object")))
            if message is None or message.group_id != group.pk or message.is_deleted:
                return "ignored: unknown message"
            user = _author_user(id_of(like.get("actor")) or id_of(inner.get("actor")), group)
            if user is None:
                return "ours: already applied"
            emoji = objects.emoji_of(like) or DEFAULT_EMOJI
            try:
                services.react(user, message.pk, emoji, add="Undo" not in kind)
            except ChatError as exc:
                return f"ignored: {exc.message}"
            return "reaction applied"
    return f"ignored: {'/'.join(sorted(kind)) or 'unknown'} is not applied"


def _apply_create(remote: RemoteGroup, announce: dict, inner: dict, may_fetch: bool) -> str:
    obj = inner["object"]
    uri = id_of(obj)
    group = remote.group
    seq = announce.get("seq")
    body = objects.text_of(obj, setting("MAX_MESSAGE_LENGTH"))
    title, context = _resolve_topic(remote, announce, obj, body, may_fetch)
    root = id_of(obj.get("inReplyTo")) or uri
    mine = FederatedMessage.objects.filter(uri=uri).select_related("message").first()
    if mine is not None and mine.message.group_id != group.pk:
        return "ignored: a message of another group"
    if mine is not None:
        # Ours, back from the group: delivered. Its topic learns the group's context.
        message = mine.message
        FederatedMessage.objects.filter(pk=mine.pk).update(seq=seq)
        _map_topic(message.topic, context, root)
        if message.pending:
            Message.objects.filter(pk=message.pk).update(pending=False, changed_at=timezone.now())
            message = services.message_queryset().get(pk=message.pk)
            services.broadcast(
                group.pk, {"type": "update", "message": services.serialize_message(message)}
            )
        return "delivered"
    author_uri = id_of(obj.get("attributedTo")) or id_of(inner.get("actor"))
    user = _author_user(author_uri, group)
    if user is None:
        return "ignored: a message of ours we do not have"
    try:
        message, _created = services.post_message(
            user,
            group,
            title,
            body,
            client_id=objects.client_id_for(uri),
            origin=objects.host_of(author_uri),
        )
    except ChatError as exc:
        return f"ignored: {exc.message}"
    _map_topic(message.topic, context, root)
    notify_mentioned(message, obj)
    return "message stored"
