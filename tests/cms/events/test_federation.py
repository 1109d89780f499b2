"""People of other fediverse servers join our events: Mobilizon-shaped Join, Leave and
Undo(Join), signed by a stub actor served from a real loopback server, answered Accept/Reject;
our Event objects carry the participation fields Mobilizon reads."""

import json
from pathlib import Path

import pytest

from cms.events import services
from cms.events.models import Registration
from federation.models import FederatedObject, OutboxActivity
from federation.publishing import publish_group
from tests.federation.conftest import replace_all, signed_post

from .conftest import make_event

FIXTURES = Path(__file__).parents[2] / "federation" / "fixtures" / "mobilizon"
INBOX = "/ap/inbox"
State = Registration.State


def mobilizon(name, fobj, admin):
    doc = json.loads((FIXTURES / name).read_text())
    return replace_all(
        doc,
        {
            "https://our.example/ap/objects/EVENT-UUID": fobj.uri,
            "https://mobilizon.example/@admin": admin.uri,
            "https://mobilizon.example": admin.server.url,
        },
    )


@pytest.fixture
def admin(remote_server):
    """A Mobilizon user on the loopback server, with its key."""
    return remote_server.add_actor("admin")


def published(event):
    publish_group(event.pk)
    return FederatedObject.objects.get(translation_key=event.translation_key)


def answers(kind):
    return [a.document for a in OutboxActivity.objects.filter(activity_type=kind).order_by("pk")]


def test_event_object_carries_what_mobilizon_reads(network, event_index):
    """Our Event has joinMode, capacities, participantCount and ical:status, with the same
    JSON-LD terms as Mobilizon's own Event, and the count follows registrations."""
    event = make_event(event_index, capacity=10)
    services.register(event, name="Ana", email="ana@example.org")
    document = published(event).document
    theirs = json.loads((FIXTURES / "event.json").read_text())
    for term in (
        "joinMode",
        "maximumAttendeeCapacity",
        "remainingAttendeeCapacity",
        "participantCount",
        "ical:status",
        "status",
    ):
        assert type(document[term]) is type(theirs[term]), term
    assert document["joinMode"] == "free"
    assert (document["maximumAttendeeCapacity"], document["remainingAttendeeCapacity"]) == (10, 9)
    assert document["participantCount"] == 1 and document["ical:status"] == "CONFIRMED"
    from federation.activitystreams import CONTEXT

    ours = CONTEXT[2]
    assert ours["joinMode"]["@id"] == "mz:joinMode" and ours["mz"] == theirs["@context"][2]["mz"]
    assert ours["schema"] == theirs["@context"][2]["sc"]
    assert ours["maximumAttendeeCapacity"].split(":")[1] == "maximumAttendeeCapacity"
    assert ours["ical"] == theirs["@context"][2]["ical"]


def test_mobilizon_join_is_accepted_and_leave_cancels(client, network, event_index, admin):
    """A Mobilizon Join registers the remote person (public price, handle and server kept) and
    is answered Accept embedding the Join; Leave cancels and frees the place."""
    event = make_event(event_index, capacity=10)
    fobj = published(event)
    join = mobilizon("join.json", fobj, admin)
    response, _h, _b = signed_post(client, INBOX, join, admin)
    assert response.status_code == 202, response.content
    registration = Registration.objects.get(remote_actor__uri=admin.uri)
    assert registration.state == State.CONFIRMED
    assert registration.price == 180 and registration.ticket_name == "Non-member"
    assert registration.home_server == f"127.0.0.1:{admin.server.port}"
    assert registration.answers["message"].startswith("I will come")
    [accept] = answers("Accept")
    shape = json.loads((FIXTURES / "accept.json").read_text())
    assert accept["object"]["type"] == shape["object"]["type"] == "Join"
    assert accept["object"]["id"] == join["id"] and accept["object"]["object"] == fobj.uri
    assert accept["to"] == [admin.uri] and accept["actor"] == fobj.actor.uri
    response, _h, _b = signed_post(client, INBOX, mobilizon("leave.json", fobj, admin), admin)
    assert response.status_code == 202
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED


def test_undo_join_cancels(client, network, event_index, admin):
    """Undo of the Join (as Mastodon-style servers send it) cancels the registration."""
    event = make_event(event_index, capacity=10)
    fobj = published(event)
    signed_post(client, INBOX, mobilizon("join.json", fobj, admin), admin)
    response, _h, _b = signed_post(client, INBOX, mobilizon("undo-join.json", fobj, admin), admin)
    assert response.status_code == 202
    assert Registration.objects.get().state == State.CANCELLED


def test_join_of_a_full_event_is_rejected_with_the_reason(client, network, event_index, admin):
    """A full event without waiting list answers Reject, the reason in `summary`."""
    event = make_event(event_index, capacity=1, waiting_list=False)
    services.register(event, name="Ana", email="ana@example.org")
    fobj = published(event)
    response, _h, _b = signed_post(client, INBOX, mobilizon("join.json", fobj, admin), admin)
    assert response.status_code == 202
    [reject] = answers("Reject")
    assert reject["summary"] == "This event is full."
    assert not Registration.objects.filter(remote_actor__isnull=False).exists()


def test_join_of_unknown_past_or_unpublished_event_is_rejected(client, network, event_index, admin):
    """Unknown, unpublished or past events: Reject with a reason, never a 500."""
    event = make_event(event_index, capacity=10)
    fobj = published(event)
    join = mobilizon("join.json", fobj, admin)
    unknown = dict(join, id=join["id"] + "-1", object=fobj.uri[:-4] + "0000")
    assert signed_post(client, INBOX, unknown, admin)[0].status_code == 202
    event.unpublish()
    unpublished = dict(join, id=join["id"] + "-2")
    assert signed_post(client, INBOX, unpublished, admin)[0].status_code == 202
    summaries = [r["summary"] for r in answers("Reject")]
    assert summaries == ["There is no such event here.", "This event is not published."]
    assert not Registration.objects.exists()


def test_waiting_remote_person_is_accepted_when_a_place_frees(client, network, event_index, admin):
    """On a full event with a waiting list a remote Join waits; a cancellation sends Accept."""
    event = make_event(event_index, capacity=1)
    first = services.register(event, name="Ana", email="ana@example.org").registration
    fobj = published(event)
    signed_post(client, INBOX, mobilizon("join.json", fobj, admin), admin)
    assert Registration.objects.get(remote_actor__isnull=False).state == State.WAITING
    assert answers("Accept") == []
    services.cancel(first)
    assert Registration.objects.get(remote_actor__isnull=False).state == State.CONFIRMED
    assert len(answers("Accept")) == 1


def test_followers_get_an_update_when_the_event_fills(
    network, event_index, django_capture_on_commit_callbacks
):
    """When the last place goes, an Update of the event says it is full (remaining 0,
    joinMode restricted); places filling one by one do not each send one."""
    event = make_event(event_index, capacity=20, waiting_list=False)
    published(event)
    for n in range(19):
        services.register(event, name=f"P{n}", email=f"p{n}@example.org")
    updates_before = len(answers("Update"))
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, name="Last", email="last@example.org")
    [update] = answers("Update")[updates_before:]
    assert update["object"]["remainingAttendeeCapacity"] == 0
    assert update["object"]["joinMode"] == "restricted"
    assert update["object"]["participantCount"] == 20


def test_event_registered_elsewhere_says_where(network, event_index):
    """An event whose registration is on another site federates joinMode "external" with the
    address to register at (FEP-8a8e, as Mobilizon sends it), in the JSON-LD terms Mobilizon
    defines; an event with registration here never carries that address."""
    from federation.activitystreams import CONTEXT

    elsewhere = make_event(
        event_index,
        title="Summit",
        slug="summit",
        registration_url="https://tickets.example/summit",
    )
    elsewhere.registration_enabled = False
    elsewhere.save()
    document = published(elsewhere).document
    assert document["joinMode"] == "external"
    assert document["externalParticipationUrl"] == "https://tickets.example/summit"
    assert "participantCount" not in document
    term = CONTEXT[2]["externalParticipationUrl"]
    assert term["@id"] == "mz:externalParticipationUrl"
    here = published(make_event(event_index, registration_url="https://tickets.example/ga"))
    assert here.document["joinMode"] == "free"
    assert "externalParticipationUrl" not in here.document
