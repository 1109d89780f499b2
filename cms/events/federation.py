"""People of other fediverse servers join our events: inbox handlers of `Join`, `Leave` and
`Undo(Join)`, registered with the federation app in `EventsConfig.ready()`.

A Join of one of our events registers the remote person through the same `register` verb as the
form (at the public price, unless the secretariat linked that account to a member organisation:
`services.link_to_member`) and answers
`Accept`, or `Reject` with the reason in `summary` (full, closed, past, unpublished, unknown).
A Join of something that is not on this site is not our business: None, the next handler.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from cms.models.events import EventPage
from federation import activitystreams as as2
from federation import registry
from federation.activitystreams import id_of
from federation.actors import network_actor
from federation.conf import site_url
from federation.delivery import send
from federation.inbox import Ignored, local_object_from_uri
from federation.models import FederatedObject
from federation.queueing import REALTIME

from . import activities, services
from .models import Registration

MESSAGE_MAX = 2000


def _ours(uri) -> bool:
    return isinstance(uri, str) and uri.startswith(f"{site_url()}/")


def _event_of(fobj: FederatedObject):
    pages = EventPage.objects.filter(translation_key=fobj.translation_key).select_related("locale")
    source = pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return source or pages.first()


def _reject_unknown(document, remote, object_id, reason):
    """Reject a Join of something of ours that is no event we can take people for, from the
    network's actor (there is no event actor to answer from)."""
    inbox = remote.inbox or remote.shared_inbox
    if not inbox:
        raise Ignored(reason)
    actor = network_actor()
    join = {"type": "Join", "id": document["id"], "actor": remote.uri, "object": object_id}
    answer = as2.activity("Reject", id="", actor=actor.uri, object=join, to=[remote.uri])
    answer["summary"] = reason
    send(actor, answer, public=False, inboxes=[inbox], lane_name=REALTIME)
    return f"rejected: {reason}"


def handle_join(document, remote, inbox_actor):
    object_id = id_of(document.get("object"))
    if not _ours(object_id):
        return None
    fobj = local_object_from_uri(object_id)
    with translation.override(settings.LANGUAGE_CODE):
        if fobj is None:
            return _reject_unknown(document, remote, object_id, "There is no such event here.")
        if fobj.object_type != "Event":
            return _reject_unknown(document, remote, object_id, "This is not an event.")
        event = _event_of(fobj)
        if fobj.state != FederatedObject.PUBLISHED or event is None or not event.live:
            reason = "This event is not published."
            activities.answer(fobj, remote, document["id"], "Reject", reason)
            return f"rejected: {reason}"
        message = document.get("participationMessage")
        answers = {"message": message[:MESSAGE_MAX]} if isinstance(message, str) else {}
        try:
            outcome = services.register(
                event,
                name=(remote.name or remote.username or remote.uri)[: services.NAME_MAX],
                remote_actor=remote,
                join_activity_id=document["id"],
                language=settings.LANGUAGE_CODE,
                answers=answers,
            )
        except services.RegistrationError as exc:
            reason = str(exc.message)
            activities.answer(fobj, remote, document["id"], "Reject", reason)
            return f"rejected: {reason}"
        registration = outcome.registration
        if not outcome.created and registration.join_activity_id != document["id"]:
            registration.join_activity_id = document["id"]
            registration.save(update_fields=["join_activity_id", "updated_at"])
        if registration.state == Registration.State.CONFIRMED:
            activities.answer(fobj, remote, document["id"], "Accept")
            return "joined"
        # On the waiting list: the Accept is sent when a place frees (services.promote_waiting).
        return "on the waiting list"


def _cancel(registration):
    services.cancel(registration)
    return "left"


def handle_leave(document, remote, inbox_actor):
    object_id = id_of(document.get("object"))
    if not _ours(object_id):
        return None
    fobj = local_object_from_uri(object_id)
    if fobj is None:
        raise Ignored("Leave of something that is not ours")
    registration = Registration.objects.filter(
        event__translation_key=fobj.translation_key, remote_actor=remote
    ).first()
    if registration is None or not registration.is_active:
        raise Ignored("not registered")
    return _cancel(registration)


def handle_undo(document, remote, inbox_actor):
    obj = document.get("object")
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind not in (None, "Join"):
        return None
    object_id = id_of(obj)
    registration = None
    if object_id:
        registration = Registration.objects.filter(
            join_activity_id=object_id, remote_actor=remote
        ).first()
    if registration is None and kind == "Join":
        fobj = local_object_from_uri(id_of(obj.get("object")))
        if fobj is not None:
            registration = Registration.objects.filter(
                event__translation_key=fobj.translation_key, remote_actor=remote
            ).first()
    if registration is None:
        if kind == "Join":
            raise Ignored("not registered")
        return None  # an Undo of something else: the federation app's handler
    if not registration.is_active:
        return "already left"
    return _cancel(registration)


def register():
    registry.register_inbox_handler("Join", handle_join)
    registry.register_inbox_handler("Leave", handle_leave)
    registry.register_inbox_handler("Undo", handle_undo)
