"""Activities other sites send about working groups, as inbox handlers of the federation app.

In a group of ours (hosted): `Follow` is a request to join (the group's rule decides), `Undo`
leaves or takes back a reaction, `Create`/`Update`/`Delete` write in a topic, `Like` and
`EmojiReact` react. Each goes through the same verb as a local action (`services.post_message`
and friends), with the remote person's account, so the same rights are checked.

In a group of another site (remote): the group's `Announce`s are applied in the order of their
`seq`; a gap sends for what is missing (`sync`). `Accept` and `Reject` answer our join requests.

Every handler returns None for what is not a group's business, and the federation app's own
handlers take it.
"""

from __future__ import annotations

import logging

from django.db import transaction

from federation import registry
from federation.activitystreams import attributed_to, id_of
from federation.inbox import Ignored, Refused, local_actor_from_uri, send_accept, send_reject
from federation.models import Follow
from federation.queueing import REALTIME, enqueue_durably, lane

from .. import permissions, services
from ..conf import setting
from ..models import Membership, Topic, WorkingGroup
from ..services import ChatError
from . import objects
from .actors import GROUP_KIND, PERSON_KIND, hosted_group, is_hostable
from .mentions import notify_mentioned
from .models import FederatedMessage, FederatedTopic, HostedGroup, RemoteGroup
from .outgoing import applying
from .participants import participant_user
from .remote_apply import DEFAULT_EMOJI, NeedsFetch, apply_announce, message_by_uri
from .sync import sync_remote_group

logger = logging.getLogger(__name__)


def _refuse(exc: ChatError, status: int = 403):
    return Refused(status, str(exc.message))


# -- which group -------------------------------------------------------------------------------


def _hosted_from_actor(actor) -> HostedGroup | None:
    if actor is None or actor.kind != GROUP_KIND:
        return None
    group = WorkingGroup.objects.filter(pk=actor.object_key).first()
    return hosted_group(group) if group is not None and is_hostable(group) else None


def _hosted_for(document: dict, obj: dict, inbox_actor) -> HostedGroup | None:
    """The group of ours an activity is for: addressed (audience, to, cc, its inbox), or the
    group of the message it answers (Mastodon addresses only the people it replies to)."""
    candidates = objects.recipients(obj) | objects.recipients(document)
    if inbox_actor is not None:
        candidates.add(inbox_actor.uri)
    for uri in sorted(candidates):
        hosted = _hosted_from_actor(local_actor_from_uri(uri))
        if hosted is not None:
            return hosted
    for uri in (id_of(obj.get("inReplyTo")), id_of(obj.get("context"))):
        message = message_by_uri(uri)
        if message is None and uri:
            topic_pk = objects.local_id(uri, "topics")
            topic = Topic.objects.filter(pk=topic_pk).select_related("group").first()
            group = topic.group if topic else None
        else:
            group = message.group if message else None
        if group is not None and not group.origin and not group.is_direct:
            return HostedGroup.objects.filter(group=group).select_related("actor").first()
    return None


def _hosted_message(uri):
    """The message with this object id in a group of ours, and the group; (None, None) when it
    is not one (another site's group's message, or unknown)."""
    message = message_by_uri(uri)
    if message is None or message.group.origin:
        return None, None
    hosted = HostedGroup.objects.filter(group=message.group).select_related("actor").first()
    return (message, hosted) if hosted is not None else (None, None)


def _member_user(hosted: HostedGroup, remote):
    """The account of a remote person who is an active member of a group of ours, or a refusal
    that says why."""
    user = participant_user(remote)
    membership = permissions.get_membership(user, hosted.group)
    if membership is None or not membership.is_active:
        raise Refused(403, "only members of this group can write in it: send a Follow first")
    return user


def _check_author(obj: dict, remote) -> None:
    owners = attributed_to(obj)
    if owners and remote.uri not in owners:
        raise Refused(403, "the message is attributed to someone other than its sender")


def _topic_title(group, obj: dict, body: str) -> str:
    """The topic a message from another site goes to: its context, the message it answers, or a
    new topic named after it."""
    for uri in (id_of(obj.get("context")), id_of(obj.get("inReplyTo"))):
        if not uri:
            continue
        topic_pk = objects.local_id(uri, "topics")
        if topic_pk is not None:
            topic = Topic.objects.filter(pk=topic_pk, group=group).first()
            if topic is not None:
                return topic.title
        mapped = FederatedTopic.objects.filter(context_uri=uri, topic__group=group).first()
        if mapped is not None:
            return mapped.topic.title
        message = message_by_uri(uri)
        if message is not None and message.group_id == group.pk:
            return message.topic.title
    return objects.title_of(obj, body)


# -- hosted groups ------------------------------------------------------------------------------


def on_follow(document, remote, inbox_actor):
    target = local_actor_from_uri(id_of(document.get("object")))
    hosted = _hosted_from_actor(target)
    if hosted is None:
        return None
    group = hosted.group
    if remote.blocked:
        raise Refused(403, "this actor is blocked")
    user = participant_user(remote)
    follow, _created = Follow.objects.update_or_create(
        local_actor=hosted.actor,
        remote_actor=remote,
        direction=Follow.INCOMING,
        defaults={"state": Follow.PENDING, "activity_id": document["id"]},
    )
    membership = permissions.get_membership(user, group)
    try:
        with applying(document):
            if membership is not None and membership.state == Membership.State.BLOCKED:
                follow.state = Follow.REJECTED
                follow.save(update_fields=["state", "updated_at"])
                send_reject(follow)
                return "refused: blocked from this group"
            if membership is not None and membership.is_active:
                pass
            elif permissions.can_join(user, group, membership):
                services.join_group(user, group)
            elif permissions.can_request(user, group, membership):
                services.request_membership(user, group)
                return "join request waiting for a convenor"
            elif membership is not None and membership.state == Membership.State.REQUESTED:
                return "join request waiting for a convenor"
            else:
                follow.state = Follow.REJECTED
                follow.save(update_fields=["state", "updated_at"])
                send_reject(follow)
                return "refused: this group is joined by invitation only"
    except ChatError as exc:
        raise _refuse(exc) from exc
    follow.state = Follow.ACCEPTED
    follow.save(update_fields=["state", "updated_at"])
    send_accept(follow.pk)
    return "joined the group"


def _undo_follow(document, remote, obj):
    target = local_actor_from_uri(id_of(obj.get("object"))) if isinstance(obj, dict) else None
    hosted = _hosted_from_actor(target)
    follow = None
    if hosted is None:
        follow = (
            Follow.objects.filter(
                activity_id=id_of(obj), direction=Follow.INCOMING, local_actor__kind=GROUP_KIND
            )
            .select_related("local_actor")
            .first()
        )
        hosted = _hosted_from_actor(follow.local_actor) if follow else None
    if hosted is None:
        return None
    Follow.objects.filter(
        local_actor=hosted.actor, remote_actor=remote, direction=Follow.INCOMING
    ).delete()
    user = participant_user(remote)
    try:
        with applying(document):
            services.leave_group(user, hosted.group)
    except ChatError as exc:
        raise _refuse(exc) from exc
    return "left the group"


def on_undo(document, remote, inbox_actor):
    obj = document.get("object")
    kinds = objects.types_of(obj) if isinstance(obj, dict) else set()
    if "Follow" in kinds or (isinstance(obj, str) and not kinds):
        outcome = _undo_follow(document, remote, obj if isinstance(obj, dict) else {"id": obj})
        if outcome is not None or "Follow" in kinds:
            return outcome
    if kinds & {"Like", "EmojiReact"}:
        return _react(document, remote, inbox_actor, obj, add=False)
    return None


def on_create(document, remote, inbox_actor):
    obj = document.get("object")
    if not isinstance(obj, dict) or not objects.is_message(obj):
        return None
    hosted = _hosted_for(document, obj, inbox_actor)
    if hosted is None:
        return None
    _check_author(obj, remote)
    user = _member_user(hosted, remote)
    uri = id_of(obj)
    known = FederatedMessage.objects.filter(uri=uri).select_related("message").first()
    if known is not None:
        if known.message.author_id != user.pk:
            raise Refused(403, "this object id is already another person's message")
        return "already posted"
    body = objects.text_of(obj, setting("MAX_MESSAGE_LENGTH"))
    title = _topic_title(hosted.group, obj, body)
    try:
        with applying(document):
            message, created = services.post_message(
                user,
                hosted.group,
                title,
                body,
                client_id=objects.client_id_for(uri),
                origin=remote.domain,
            )
    except ChatError as exc:
        raise _refuse(exc, 403 if exc.code == "forbidden" else 400) from exc
    notify_mentioned(message, obj)
    return "posted in the group" if created else "already posted"


def on_update(document, remote, inbox_actor):
    obj = document.get("object")
    if not isinstance(obj, dict) or not objects.is_message(obj):
        return None
    message, hosted = _hosted_message(id_of(obj))
    if hosted is None:
        return None
    _check_author(obj, remote)
    user = _member_user(hosted, remote)
    try:
        with applying(document):
            message = services.edit_message(
                user, message.pk, objects.text_of(obj, setting("MAX_MESSAGE_LENGTH"))
            )
    except ChatError as exc:
        raise _refuse(exc) from exc
    notify_mentioned(message, obj)
    return "message edited"


def on_delete(document, remote, inbox_actor):
    message, hosted = _hosted_message(id_of(document.get("object")))
    if hosted is None:
        return None
    user = participant_user(remote)
    if message.is_deleted:
        return "already deleted"
    try:
        with applying(document):
            services.delete_message(user, message.pk)
    except ChatError as exc:
        raise _refuse(exc) from exc
    return "message deleted"


def _react(document, remote, inbox_actor, like: dict, add: bool):
    target = id_of(like.get("object")) if isinstance(like, dict) else None
    message, hosted = _hosted_message(target)
    if hosted is None:
        return None
    if id_of(like.get("actor")) not in (None, remote.uri):
        raise Refused(403, "an actor can only undo its own reactions")
    user = _member_user(hosted, remote)
    emoji = objects.emoji_of(like) or DEFAULT_EMOJI
    try:
        with applying(document):
            services.react(user, message.pk, emoji, add=add)
    except ChatError as exc:
        raise _refuse(exc, 400) from exc
    return "reaction added" if add else "reaction removed"


def on_like(document, remote, inbox_actor):
    return _react(document, remote, inbox_actor, document, add=True)


# -- groups of other sites ----------------------------------------------------------------------


def on_announce(document, remote, inbox_actor):
    group = RemoteGroup.objects.filter(actor=remote).select_related("group", "actor").first()
    if group is None:
        return None
    seq = document.get("seq")
    numbered = bool((group.actor.document or {}).get("activityLog"))
    if objects.is_message(document.get("object")) or (seq is None and numbered):
        # The post itself (a group's Announce for Mastodon, Lemmy's "announce compat"): the
        # group's Announce of its Create brings it, numbered. Nothing is fetched for it.
        return "ignored: an Announce of a post, not of the group's activity"
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
        raise Refused(400, "seq must be a positive integer")
    with transaction.atomic():
        locked = RemoteGroup.objects.select_for_update().get(pk=group.pk)
        if seq is not None and seq <= locked.last_seq:
            return "already applied"
        if seq is not None and seq > locked.last_seq + 1:
            queue_sync(group.pk)
            return "gap in the group's activities: catching up"
        try:
            outcome = apply_announce(group, document, may_fetch=False)
        except NeedsFetch:
            queue_sync(group.pk)
            return "catching up"
        if seq is not None:
            RemoteGroup.objects.filter(pk=group.pk).update(last_seq=seq)
    return outcome


def queue_sync(remote_group_id: int) -> None:
    enqueue_durably(lane(sync_remote_group, REALTIME), remote_group_id)


def on_answer(state: str):
    def handle(document, remote, inbox_actor):
        group = RemoteGroup.objects.filter(actor=remote).select_related("group").first()
        if group is None:
            return None
        obj = document.get("object")
        follows = Follow.objects.filter(
            remote_actor=remote, direction=Follow.OUTGOING, local_actor__kind=PERSON_KIND
        ).select_related("local_actor")
        follow = follows.filter(activity_id=id_of(obj)).first() if id_of(obj) else None
        if follow is None and isinstance(obj, dict):
            follow = follows.filter(local_actor__in=_local_actors(id_of(obj.get("actor")))).first()
        if follow is None:
            raise Ignored("answer to a join request we did not send")
        user_id = int(follow.local_actor.object_key)
        with applying(document):
            if state == Follow.ACCEPTED:
                follow.state = Follow.ACCEPTED
                follow.save(update_fields=["state", "updated_at"])
                Membership.objects.filter(group=group.group, user_id=user_id).update(
                    state=Membership.State.ACTIVE
                )
                services.notify_user(
                    user_id, {"type": "chat.membership", "group_id": group.group_id}
                )
                queue_sync(group.pk)
                return "joined the group"
            follow.delete()
            Membership.objects.filter(group=group.group, user_id=user_id).delete()
            services.notify_user(user_id, {"type": "chat.membership", "group_id": group.group_id})
            return "left the group (refused or removed)"

    return handle


def _local_actors(uri):
    actor = local_actor_from_uri(uri)
    return [actor] if actor is not None else []


def register() -> None:
    registry.register_inbox_handler("Follow", on_follow)
    registry.register_inbox_handler("Undo", on_undo)
    registry.register_inbox_handler("Create", on_create)
    registry.register_inbox_handler("Update", on_update)
    registry.register_inbox_handler("Delete", on_delete)
    registry.register_inbox_handler(["Like", "EmojiReact"], on_like)
    registry.register_inbox_handler("Announce", on_announce)
    registry.register_inbox_handler("Accept", on_answer(Follow.ACCEPTED))
    registry.register_inbox_handler("Reject", on_answer(Follow.REJECTED))
