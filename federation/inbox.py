"""Incoming activities: size cap -> JSON -> signature -> actor/origin checks -> dedupe -> handler.

Nothing is written before the signature is verified and the signer is known to be the activity's
actor. Every refusal raises `Refused` with a status and a reason the sender can read.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from . import activitystreams as as2
from . import registry, signatures
from .activitystreams import id_of
from .conf import setting, site_url
from .delivery import host_is_back, send
from .feed.store import followed, followed_group, store_remote_activity
from .fetch import same_origin
from .models import (
    Actor,
    DomainBlock,
    FederatedObject,
    Follow,
    InboxItem,
    Interaction,
    RemoteActor,
    RemotePost,
    SeenSignature,
)
from .queueing import DEFAULT, REALTIME, enqueue_durably, lane
from .remote import RemoteActorError, actor_for_key, update_from_document

logger = logging.getLogger(__name__)


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Ignored(Exception):
    """Understood and deliberately not acted on (202)."""


def parse_body(body: bytes) -> dict:
    if len(body) > setting("MAX_INBOX_BYTES"):
        raise Refused(413, f"body larger than {setting('MAX_INBOX_BYTES')} bytes")
    try:
        document = as2.loads(body, setting("MAX_JSON_DEPTH"))
    except as2.JSONError as exc:
        raise Refused(400, str(exc)) from exc
    if not isinstance(document, dict):
        raise Refused(400, "an activity is a JSON object")
    for name in ("id", "type"):
        if not isinstance(document.get(name), str) or not document[name]:
            raise Refused(400, f"activity has no {name}")
    actor = id_of(document.get("actor"))
    if not actor or not actor.startswith(("https://", "http://")):
        raise Refused(400, "activity has no actor")
    if not same_origin(document["id"], actor):
        raise Refused(400, "activity id is not on the actor's server")
    if len(document["id"]) > 1000 or len(actor) > 1000:
        raise Refused(400, "id too long")
    return document


def authenticate(method, url, headers, body, document, now=None) -> RemoteActor:
    """Verify the signature and that its key belongs to the activity's actor."""
    actor_uri = id_of(document.get("actor"))
    try:
        signed = signatures.parse_signed_request(
            method, url, headers, body, now=now, window=setting("DATE_WINDOW")
        )
    except signatures.SignatureError as exc:
        raise Refused(401, str(exc)) from exc
    if not same_origin(signed.key_id, actor_uri):
        raise Refused(401, "the signing key is not on the actor's server")
    remote = _verify_with_rotation(signed, document)
    if remote.uri != actor_uri:
        raise Refused(401, "the signer is not the activity's actor")
    _remember_signature(signed.replay_token)
    return remote


def _verify_with_rotation(signed, document) -> RemoteActor:
    last_error = "signature does not verify"
    for refresh in (False, True):
        if refresh and _recently_fetched(signed.key_id):
            # Bad signatures must not make us fetch someone's actor again and again.
            break
        try:
            remote = actor_for_key(signed.key_id, refresh=refresh)
        except RemoteActorError as exc:
            if _is_self_delete(document):
                # A deleted account's key can no longer be fetched; nothing of theirs to remove.
                raise Ignored("delete of an unknown actor") from exc
            raise Refused(401, f"cannot get the signing key: {exc}") from exc
        try:
            signed.verify(remote.public_key_pem)
            return remote
        except signatures.SignatureError as exc:
            last_error = str(exc)
    raise Refused(401, last_error)


def _recently_fetched(key_id: str) -> bool:
    horizon = timezone.now() - dt.timedelta(seconds=setting("KEY_REFETCH_SECONDS"))
    return RemoteActor.objects.filter(public_key_id=key_id, fetched_at__gt=horizon).exists()


def _is_self_delete(document) -> bool:
    return document.get("type") == "Delete" and id_of(document.get("object")) == id_of(
        document.get("actor")
    )


def _remember_signature(token: str) -> None:
    try:
        with transaction.atomic():
            SeenSignature.objects.create(digest=token)
    except IntegrityError as exc:
        raise Refused(401, "this signature was already used (replay)") from exc
    if random.random() < 0.01:
        horizon = timezone.now() - dt.timedelta(seconds=2 * setting("DATE_WINDOW"))
        SeenSignature.objects.filter(seen_at__lt=horizon).delete()


def check_origins(document: dict, actor_uri: str) -> None:
    """Objects created or updated by an actor live on its server and are attributed to it."""
    kind = document["type"]
    obj = document.get("object")
    if kind in {"Create", "Update"} and isinstance(obj, dict):
        object_id = id_of(obj)
        if not object_id or not same_origin(object_id, actor_uri):
            raise Refused(403, "object id is not on the actor's server")
        owners = as2.attributed_to(obj)
        if owners and actor_uri not in owners and followed_group(obj, actor_uri) is None:
            raise Refused(403, "object is attributed to someone else")
    if kind in {"Delete", "Undo"} and isinstance(obj, dict):
        inner_actor = id_of(obj.get("actor"))
        if inner_actor and inner_actor != actor_uri:
            raise Refused(403, "an actor can only undo or delete its own activities")
        object_id = id_of(obj)
        if kind == "Undo" and object_id and not same_origin(object_id, actor_uri):
            raise Refused(403, "object id is not on the actor's server")
    # A Delete of an object from another server passes here: only an app's handler may take it
    # (a group's moderator deleting someone's message, FEP-1b12, after checking their rights);
    # when none does, `receive` refuses it (`deletes_elsewhere`).


def deletes_elsewhere(document: dict, actor_uri: str) -> bool:
    """Whether this is a Delete of an object that is not on the sender's server."""
    if document.get("type") != "Delete":
        return False
    object_id = id_of(document.get("object"))
    return bool(object_id) and not same_origin(object_id, actor_uri)


def local_actor_from_uri(uri) -> Actor | None:
    prefix = f"{site_url()}/ap/actors/"
    if not isinstance(uri, str) or not uri.startswith(prefix):
        return None
    username = uri[len(prefix) :].split("#")[0].rstrip("/")
    return find_local_actor(username)


def find_local_actor(username: str) -> Actor | None:
    """Our actor with this username; an app's actor kind may make it on first request."""
    actor = Actor.objects.filter(username=username).first()
    if actor is not None or not username:
        return actor
    for kind in registry.actor_kinds():
        actor = kind.find(username)
        if actor is not None:
            return actor
    return None


def authenticate_fetch(method, url, headers, now=None) -> RemoteActor | None:
    """The remote actor who signed this GET (authorized fetch), or None when it is unsigned.
    A signature that is present but does not verify is refused (401)."""
    if not any(name in headers for name in ("Signature", "signature", "Signature-Input")):
        return None
    try:
        signed = signatures.parse_signed_request(
            method, url, headers, b"", now=now, window=setting("DATE_WINDOW")
        )
    except signatures.SignatureError as exc:
        raise Refused(401, str(exc)) from exc
    if DomainBlock.is_blocked(urlsplit(signed.key_id).hostname or ""):
        raise Refused(403, "this server is blocked")
    remote = _verify_with_rotation(signed, {})
    # A site catching up after a restart reads before it writes: it is up, so is its inbox.
    with transaction.atomic():
        host_is_back(urlsplit(remote.uri).netloc)
    return remote


def local_object_from_uri(uri) -> FederatedObject | None:
    prefix = f"{site_url()}/ap/objects/"
    if not isinstance(uri, str) or not uri.startswith(prefix):
        return None
    try:
        return FederatedObject.objects.filter(uuid=uri[len(prefix) :].strip("/")).first()
    except Exception:  # not a UUID
        return None


def receive(method, url, headers, body, *, inbox_actor: Actor | None = None, now=None) -> str:
    """Process one POST to an inbox; returns what happened, raises Refused."""
    document = parse_body(body)
    actor_uri = id_of(document["actor"])
    if DomainBlock.is_blocked(urlsplit(actor_uri).hostname or ""):
        raise Refused(403, "this server is blocked")
    if RemoteActor.objects.filter(uri=actor_uri, blocked=True).exists():
        raise Refused(403, "this actor is blocked")
    try:
        remote = authenticate(method, url, headers, body, document, now=now)
    except Ignored as exc:
        return f"ignored: {exc}"
    check_origins(document, remote.uri)
    try:
        with transaction.atomic():
            # Its server answers again: what waited behind its open circuit goes now (queued
            # in this transaction).
            host_is_back(urlsplit(remote.uri).netloc)
            InboxItem.objects.create(
                activity_id=document["id"],
                activity_type=document["type"][:40],
                actor_uri=remote.uri,
                payload=document,
            )
            try:
                for extension in registry.inbox_handlers(document["type"]):
                    outcome = extension(document, remote, inbox_actor)
                    if outcome is not None:
                        return outcome
                if deletes_elsewhere(document, remote.uri):
                    raise Refused(403, "an actor can only delete its own objects")
                handler = HANDLERS.get(document["type"])
                if handler is None:
                    return f"ignored: {document['type']} is not handled"
                return handler(document, remote, inbox_actor)
            except Ignored as exc:
                # Kept (the activity is authentic and now deduplicated), just not acted on.
                return f"ignored: {exc}"
    except IntegrityError:
        if InboxItem.objects.filter(activity_id=document["id"]).exists():
            return "already processed"
        raise


# -- handlers -----------------------------------------------------------------------------------


def handle_follow(document, remote: RemoteActor, inbox_actor):
    target = local_actor_from_uri(id_of(document.get("object")))
    if target is None:
        raise Ignored("Follow of someone who is not here")
    follow, _created = Follow.objects.update_or_create(
        local_actor=target,
        remote_actor=remote,
        direction=Follow.INCOMING,
        defaults={"state": Follow.ACCEPTED, "activity_id": document["id"]},
    )
    # The Accept and its delivery are written with the follower (no task in between): the
    # delivery runs in the realtime lane, ahead of any publication's fan-out.
    send_accept(follow.pk)
    return "followed"


def send_accept(follow_id: int):
    follow = (
        Follow.objects.select_related("local_actor", "remote_actor").filter(pk=follow_id).first()
    )
    if follow is None or follow.state != Follow.ACCEPTED:
        return None
    return answer_follow(follow, "Accept")


def send_reject(follow: Follow):
    """Tell the follower its Follow is refused, or no longer accepted (removed from a group)."""
    return answer_follow(follow, "Reject")


def answer_follow(follow: Follow, kind: str):
    """Send `Accept` or `Reject` of an incoming Follow to the follower, in the realtime lane."""
    local = follow.local_actor
    answer = as2.activity(
        kind,
        id="",
        actor=local.uri,
        object=as2.follow_reference(follow.activity_id, follow.remote_actor.uri, local.uri),
        to=[follow.remote_actor.uri],
    )
    inbox = follow.remote_actor.inbox or follow.remote_actor.shared_inbox
    if not inbox:
        return None
    return send(local, answer, public=False, inboxes=[inbox], lane_name=REALTIME)


@task()
def accept_follow(follow_id: int) -> None:
    """Kept for tasks queued by earlier versions; a Follow now writes its Accept at once."""
    send_accept(follow_id)


def handle_undo(document, remote, inbox_actor):
    obj = document.get("object")
    object_id = id_of(obj)
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind in (None, "Follow"):
        follows = Follow.objects.filter(direction=Follow.INCOMING)
        match = follows.filter(activity_id=object_id).first() if object_id else None
        if match is None and isinstance(obj, dict):
            target = local_actor_from_uri(id_of(obj.get("object")))
            match = follows.filter(local_actor=target, remote_actor=remote).first()
        if match is not None:
            if match.remote_actor_id != remote.pk:
                raise Refused(403, "only the follower can undo its Follow")
            match.delete()
            return "unfollowed"
    if kind in (None, "Like", "Announce") and object_id:
        interaction = Interaction.objects.filter(activity_id=object_id).first()
        if interaction is not None:
            if interaction.remote_actor_id != remote.pk:
                raise Refused(403, "only its author can undo an activity")
            interaction.delete()
            return "undone"
    shared = (
        kind in (None, "Announce")
        and isinstance(obj, dict)
        and RemotePost.objects.filter(
            object_id=id_of(obj.get("object")) or "", actor=remote, shared=True
        ).exists()
    )
    if shared:
        return _to_feed(document)
    raise Ignored("nothing to undo")


def _to_feed(document) -> str:
    """The worker stores (sanitises, fetches what was shared) once this transaction commits."""
    activity_id = document["id"]
    enqueue_durably(lane(store_remote_activity, DEFAULT), activity_id)
    return "queued for the network feed"


def handle_create(document, remote, inbox_actor):
    if not isinstance(document.get("object"), dict):
        raise Ignored("Create without an embedded object")
    if not (followed(remote) or followed_group(document["object"], remote.uri)):
        raise Ignored("nobody here follows this actor")
    return _to_feed(document)


def _interaction(kind):
    def handle(document, remote, inbox_actor):
        target = local_object_from_uri(id_of(document.get("object")))
        if target is None and kind == Interaction.ANNOUNCE and followed(remote):
            # A followed network shares a post (its own or a third party's): to the feed.
            return _to_feed(document)
        if target is None or target.state != FederatedObject.PUBLISHED:
            raise Ignored(f"{kind} of something that is not ours")
        Interaction.objects.get_or_create(
            object=target, remote_actor=remote, kind=kind, defaults={"activity_id": document["id"]}
        )
        return f"{kind.lower()} counted"

    return handle


def handle_delete(document, remote, inbox_actor):
    object_id = id_of(document.get("object"))
    if object_id == remote.uri:
        Follow.objects.filter(remote_actor=remote).delete()
        Interaction.objects.filter(remote_actor=remote).delete()
        remote.public_key_pem = ""
        remote.save(update_fields=["public_key_pem"])
        return "actor deleted"
    if object_id and RemotePost.objects.filter(object_id=object_id).exists():
        return _to_feed(document)
    raise Ignored("Delete of an object we do not keep")


def handle_update(document, remote, inbox_actor):
    obj = document.get("object")
    if isinstance(obj, dict) and id_of(obj) == remote.uri:
        update_from_document(remote.uri, obj)
        return "actor updated"
    if isinstance(obj, dict) and (
        followed(remote)
        or followed_group(obj, remote.uri)
        or RemotePost.objects.filter(object_id=id_of(obj) or "").exists()
    ):
        return _to_feed(document)
    raise Ignored("Update of an object we do not keep")


def _answer(state):
    def handle(document, remote, inbox_actor):
        obj = document.get("object")
        object_id = id_of(obj)
        follows = Follow.objects.filter(direction=Follow.OUTGOING, remote_actor=remote)
        follow = follows.filter(activity_id=object_id).first() if object_id else None
        if follow is None and isinstance(obj, dict):
            local = local_actor_from_uri(id_of(obj.get("actor")))
            follow = follows.filter(local_actor=local).first() if local else None
        if follow is None:
            raise Ignored("answer to a Follow we did not send")
        follow.state = state
        follow.save(update_fields=["state", "updated_at"])
        return f"follow {state}"

    return handle


HANDLERS = {
    "Create": handle_create,
    "Follow": handle_follow,
    "Undo": handle_undo,
    "Like": _interaction(Interaction.LIKE),
    "Announce": _interaction(Interaction.ANNOUNCE),
    "Delete": handle_delete,
    "Update": handle_update,
    "Accept": _answer(Follow.ACCEPTED),
    "Reject": _answer(Follow.REJECTED),
}
