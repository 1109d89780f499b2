"""Our events for the fediverse: the participation fields Mobilizon reads, and the `Accept` or
`Reject` of a remote person's `Join`.

Terms as Mobilizon sends and reads them (framasoft/mobilizon,
lib/federation/activity_stream/converter/event.ex): `joinMode` ("free", "restricted"),
`maximumAttendeeCapacity`, `remainingAttendeeCapacity`, `participantCount`, `ical:status`
(and `status`, which Mobilizon 5 will read instead). Its Accept of a Join embeds the Join.
"""

from __future__ import annotations

from federation import activitystreams as as2
from federation.delivery import send
from federation.models import FederatedObject
from federation.queueing import REALTIME

from .seats import counts, registration_status, source_event


def participation_fields(event) -> dict:
    """The participation fields of an event's AS2 object (source page's places): places here
    when people register on the site, where to register when they do so on another site
    (FEP-8a8e, as Mobilizon sends it), none otherwise."""
    event = source_event(event)
    if not event.registration_enabled:
        if not event.registration_url:
            return {}
        return {"joinMode": "external", "externalParticipationUrl": event.registration_url}
    confirmed = counts(event)[0]
    left = None if event.capacity is None else max(event.capacity - confirmed, 0)
    joinable = registration_status(event) == "open" and left != 0
    fields = {
        "joinMode": "free" if joinable else "restricted",
        "participantCount": confirmed,
        "ical:status": "CONFIRMED",
        "status": "CONFIRMED",
    }
    if event.capacity is not None:
        fields["maximumAttendeeCapacity"] = event.capacity
        fields["remainingAttendeeCapacity"] = left
    return fields


def event_object(event) -> FederatedObject | None:
    """The published AS2 object of an event's translation group, or None."""
    return (
        FederatedObject.objects.filter(
            translation_key=source_event(event).translation_key,
            state=FederatedObject.PUBLISHED,
        )
        .select_related("actor")
        .first()
    )


def answer(fobj: FederatedObject, remote, join_id: str, kind: str, reason: str = ""):
    """Send `Accept` or `Reject` (with the reason in `summary`) of a Join of `fobj` by `remote`,
    in the realtime lane (a person is waiting for it)."""
    inbox = remote.inbox or remote.shared_inbox
    if not inbox:
        return None
    join = {"type": "Join", "actor": remote.uri, "object": fobj.uri}
    if join_id:
        join["id"] = join_id
    document = as2.activity(kind, id="", actor=fobj.actor.uri, object=join, to=[remote.uri])
    if reason:
        document["summary"] = str(reason)
    return send(fobj.actor, document, obj=fobj, public=False, inboxes=[inbox], lane_name=REALTIME)


def answer_join(registration, kind: str, reason: str = ""):
    """Answer a remote participant's Join (Accept once confirmed, e.g. moved up the list)."""
    fobj = event_object(registration.event)
    if fobj is None or registration.remote_actor is None:
        return None
    return answer(fobj, registration.remote_actor, registration.join_activity_id, kind, reason)
