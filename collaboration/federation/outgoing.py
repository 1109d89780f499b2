"""What the verbs' signals send to other sites, written in the verb's own transaction.

- In a group of ours (hosted) every change, local or received, is numbered and `Announce`d to
  the servers of its members (FEP-1b12), in the realtime lane.
- In a group of another site, a change made by someone of ours is sent to that group's inbox
  (`Create`, `Update`, `Delete`, `Like`, `Undo`); the group's `Announce` of it comes back and
  confirms it. Changes received from the group are applied here and sent nowhere.
"""

from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from federation import inbox as federation_inbox
from federation.activitystreams import id_of
from federation.delivery import follower_inboxes, send
from federation.models import Follow
from federation.queueing import DEFAULT, REALTIME

from .. import signals
from ..models import Membership, Message
from . import mentions, objects
from .actors import GROUP_CONTEXT, is_hostable, person_actor
from .models import (
    FederatedMessage,
    FederatedTopic,
    GroupActivity,
    HostedGroup,
    Participant,
    RemoteGroup,
)
from .participants import participant_of

# The activity being applied (received from another site): its changes are not sent again.
_applying: ContextVar[dict | None] = ContextVar("collaboration_federation_applying", default=None)


@contextlib.contextmanager
def applying(activity: dict, seq: int | None = None):
    token = _applying.set({"activity": activity, "seq": seq})
    try:
        yield
    finally:
        _applying.reset(token)


def _current():
    return _applying.get()


def _bare(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "@context"}


def _hosted(group) -> HostedGroup | None:
    if not is_hostable(group):
        return None
    return HostedGroup.objects.filter(group=group).select_related("actor").first()


def _remote(group) -> RemoteGroup | None:
    if not group.origin:
        return None
    return RemoteGroup.objects.filter(group=group).select_related("actor").first()


def announce(hosted: HostedGroup, inner: dict, topic=None) -> int:
    """Number `inner` in the group's log and announce it to every member server."""
    with transaction.atomic():
        locked = HostedGroup.objects.select_for_update().get(pk=hosted.pk)
        seq = locked.last_seq + 1
        HostedGroup.objects.filter(pk=hosted.pk).update(last_seq=seq)
        actor = hosted.actor
        public = not hosted.group.is_private
        to = [actor.followers_url] + ([objects.PUBLIC] if public else [])
        document = {
            "@context": GROUP_CONTEXT,
            "id": "",
            "type": "Announce",
            "actor": actor.uri,
            "object": _bare(inner),
            "to": to,
            "audience": actor.uri,
            "published": timezone.now().isoformat(),
            "seq": seq,
        }
        if topic is not None:
            document["context"] = objects.topic_uri(topic)
        activity = send(
            actor,
            document,
            public=public,
            inboxes=follower_inboxes(actor),
            lane_name=REALTIME,
        )
        GroupActivity.objects.create(hosted=hosted, seq=seq, document=activity.document)
        if public:
            _announce_status(actor, inner)
    return seq


def _announce_status(actor, inner: dict) -> None:
    """For a new message of a public group, a second, unnumbered `Announce` whose object is the
    Note's id, as Mastodon's own boosts are (and Lemmy's "announce compat"): Mastodon, Pleroma
    and Misskey show an Announce only when its object is a status, and fetch it by its id (an
    embedded copy not attributed to the announcer is ignored). Our member sites ignore it: it
    has no `seq`, and the numbered Announce carries the activity."""
    obj = inner.get("object")
    if "Create" not in objects.types_of(inner) or not objects.is_message(obj):
        return
    note_id = id_of(obj)
    if not isinstance(note_id, str) or not note_id.startswith(("https://", "http://")):
        return
    document = {
        "@context": objects.as2.CONTEXT,
        "id": "",
        "type": "Announce",
        "actor": actor.uri,
        "object": note_id,
        "to": [objects.PUBLIC],
        "cc": [actor.followers_url],
        "published": timezone.now().isoformat(),
    }
    # The default lane: people on those servers read it, no member site waits for it.
    send(actor, document, public=True, inboxes=follower_inboxes(actor), lane_name=DEFAULT)


def _to_group(remote: RemoteGroup, actor, document: dict) -> None:
    """Send an activity of ours to the inbox of a group of another site."""
    inbox = remote.actor.inbox or remote.actor.shared_inbox
    if inbox:
        send(actor, document, public=False, inboxes=[inbox], lane_name=REALTIME)


def _note(message, author, group_uri: str, public: bool, topic_federation=None) -> dict:
    context_uri = root_uri = None
    if topic_federation is not None:
        context_uri, root_uri = topic_federation.context_uri, topic_federation.root_uri or None
    elif not message.group.origin:
        context_uri = objects.topic_uri(message.topic)
        first = Message.objects.filter(topic=message.topic).order_by("pk").first()
        root_uri = message_uri_of(first) if first else None
    note = objects.note(
        message,
        author_uri=author.uri,
        group_uri=group_uri,
        public=public,
        context_uri=context_uri,
        root_uri=root_uri,
    )
    return mentions.tag_note(note, message)


def message_uri_of(message) -> str:
    federated = FederatedMessage.objects.filter(message=message).first()
    return federated.uri if federated else objects.message_uri(message)


def _topic_federation(topic):
    return FederatedTopic.objects.filter(topic=topic).first()


# -- receivers ----------------------------------------------------------------------------------


def on_message_posted(sender, message, user, **kwargs):
    group = message.group
    current = _current()
    hosted = _hosted(group)
    if hosted is not None:
        if current is not None:
            inner = current["activity"]
            uri = id_of(inner.get("object"))
        else:
            author = person_actor(user)
            note = _note(message, author, hosted.actor.uri, not group.is_private)
            uri = note["id"]
            inner = objects.activity(
                "Create", author.uri, note, to=note["to"], audience=hosted.actor.uri
            )
            inner["id"] = f"{uri}#create"
        federated, _created = FederatedMessage.objects.get_or_create(
            message=message, defaults={"uri": uri}
        )
        seq = announce(hosted, inner, message.topic)
        FederatedMessage.objects.filter(pk=federated.pk).update(seq=seq)
        return
    remote = _remote(group)
    if remote is None:
        return
    if current is not None:
        inner = current["activity"]
        obj = inner.get("object") if isinstance(inner.get("object"), dict) else inner
        FederatedMessage.objects.get_or_create(
            message=message, defaults={"uri": id_of(obj), "seq": current["seq"]}
        )
        return
    if participant_of(user) is not None:
        return
    author = person_actor(user)
    note = _note(
        message, author, remote.actor.uri, not group.is_private, _topic_federation(message.topic)
    )
    FederatedMessage.objects.create(message=message, uri=note["id"])
    # Shown to its author as not yet delivered until the group's Announce of it comes back.
    message.pending = True
    Message.objects.filter(pk=message.pk).update(pending=True)
    create = objects.activity("Create", author.uri, note, to=note["to"], audience=remote.actor.uri)
    _to_group(remote, author, create)


def on_message_edited(sender, message, user, **kwargs):
    _relay_change(message, user, lambda author, note: ("Update", note))


def on_message_deleted(sender, message, user, **kwargs):
    federated = FederatedMessage.objects.filter(message=message).first()
    if federated is None:
        return
    tombstone = {"id": federated.uri, "type": "Tombstone"}
    group = message.group
    current = _current()
    hosted = _hosted(group)
    if hosted is not None:
        if current is not None:
            inner = current["activity"]
        else:
            by = person_actor(user).uri if user is not None else hosted.actor.uri
            inner = objects.activity(
                "Delete", by, tombstone, to=[hosted.actor.uri], audience=hosted.actor.uri
            )
            inner["id"] = f"{federated.uri}#delete"
        announce(hosted, inner, message.topic)
        return
    remote = _remote(group)
    if remote is None or current is not None or user is None or participant_of(user):
        return
    author = person_actor(user)
    delete = objects.activity(
        "Delete", author.uri, tombstone, to=[remote.actor.uri], audience=remote.actor.uri
    )
    _to_group(remote, author, delete)


def _relay_change(message, user, build):
    group = message.group
    current = _current()
    hosted = _hosted(group)
    if hosted is not None:
        if current is not None:
            inner = current["activity"]
        else:
            author = person_actor(user)
            note = _note(message, author, hosted.actor.uri, not group.is_private)
            kind, obj = build(author, note)
            inner = objects.activity(
                kind, author.uri, obj, to=note["to"], audience=hosted.actor.uri
            )
            inner["id"] = f"{note['id']}#{kind.lower()}-{int(timezone.now().timestamp() * 1000)}"
        FederatedMessage.objects.get_or_create(
            message=message, defaults={"uri": objects.message_uri(message)}
        )
        announce(hosted, inner, message.topic)
        return
    remote = _remote(group)
    if remote is None or current is not None or participant_of(user):
        return
    author = person_actor(user)
    note = _note(
        message, author, remote.actor.uri, not group.is_private, _topic_federation(message.topic)
    )
    federated = FederatedMessage.objects.filter(message=message).first()
    if federated is not None:
        note["id"] = federated.uri
    kind, obj = build(author, note)
    _to_group(
        remote,
        author,
        objects.activity(kind, author.uri, obj, to=note["to"], audience=remote.actor.uri),
    )


def like_activity(actor_uri: str, object_uri: str, emoji: str) -> dict:
    digest = hashlib.sha256(f"{object_uri} {emoji}".encode()).hexdigest()[:16]
    return {
        "id": f"{actor_uri}#like-{digest}",
        "type": "Like",
        "actor": actor_uri,
        "object": object_uri,
        "content": emoji,
    }


def on_reaction_changed(sender, message, user, emoji, added, **kwargs):
    group = message.group
    current = _current()
    hosted = _hosted(group)
    remote = None if hosted else _remote(group)
    if hosted is None and remote is None:
        return
    if hosted is not None and current is not None:
        announce(hosted, current["activity"], message.topic)
        return
    if current is not None or participant_of(user):
        return
    author = person_actor(user)
    object_uri = message_uri_of(message)
    like = like_activity(author.uri, object_uri, emoji)
    audience = (hosted or remote).actor.uri
    like["audience"] = audience
    activity = (
        like
        if added
        else {
            "id": f"{like['id']}-undo-{int(timezone.now().timestamp() * 1000)}",
            "type": "Undo",
            "actor": author.uri,
            "object": like,
            "audience": audience,
        }
    )
    if hosted is not None:
        FederatedMessage.objects.get_or_create(message=message, defaults={"uri": object_uri})
        announce(hosted, activity, message.topic)
    else:
        activity["@context"] = objects.as2.AS_CONTEXT
        activity["to"] = [remote.actor.uri]
        _to_group(remote, author, activity)


def on_membership_changed(sender, group, user_id, membership, by=None, **kwargs):
    current = _current()
    hosted = _hosted(group)
    if hosted is not None:
        if current is not None:
            # A Follow or Undo being applied: its handler answers it.
            return
        participant = Participant.objects.filter(user_id=user_id).select_related("actor").first()
        if participant is None:
            return
        follow = Follow.objects.filter(
            local_actor=hosted.actor, remote_actor=participant.actor, direction=Follow.INCOMING
        ).first()
        if follow is None:
            return
        if membership is not None and membership.is_active and follow.state != Follow.ACCEPTED:
            follow.state = Follow.ACCEPTED
            follow.save(update_fields=["state", "updated_at"])
            federation_inbox.send_accept(follow.pk)
        elif membership is None or membership.state == Membership.State.BLOCKED:
            # Declined, removed or blocked by a convenor: their site is told, and stops hearing
            # from us.
            federation_inbox.send_reject(follow)
            follow.delete()
        return
    remote = _remote(group)
    if remote is None or current is not None or membership is not None:
        return
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or participant_of(user):
        return
    person = person_actor(user)
    follow = Follow.objects.filter(
        local_actor=person, remote_actor=remote.actor, direction=Follow.OUTGOING
    ).first()
    if follow is None:
        return
    undo = {
        "@context": objects.as2.AS_CONTEXT,
        "id": "",
        "type": "Undo",
        "actor": person.uri,
        "object": objects.as2.follow_reference(follow.activity_id, person.uri, remote.actor.uri),
        "to": [remote.actor.uri],
    }
    _to_group(remote, person, undo)
    follow.delete()


def connect() -> None:
    uid = "collaboration_federation"
    signals.message_posted.connect(on_message_posted, dispatch_uid=f"{uid}.posted")
    signals.message_edited.connect(on_message_edited, dispatch_uid=f"{uid}.edited")
    signals.message_deleted.connect(on_message_deleted, dispatch_uid=f"{uid}.deleted")
    signals.reaction_changed.connect(on_reaction_changed, dispatch_uid=f"{uid}.reaction")
    signals.membership_changed.connect(on_membership_changed, dispatch_uid=f"{uid}.membership")
