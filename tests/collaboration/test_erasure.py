"""A person's data in working groups: what they download (access) and what erasure leaves."""

import json

import pytest
from django.urls import reverse

from collaboration import services
from collaboration.models import (
    Membership,
    Mention,
    Message,
    MessageEdit,
    NotificationPreference,
    Presence,
    Reaction,
    ReadMarker,
)


@pytest.fixture
def talk(world):
    """Bob writes (and edits) in both groups, reacts to Alice, and Alice mentions him."""
    mine, _ = services.post_message(world.bob, world.public, "Agenda", "Bob's first draft")
    services.edit_message(world.bob, mine.pk, "Bob's agenda point")
    secret, _ = services.post_message(world.bob, world.private, "Budget", "Bob's budget line")
    hers, _ = services.post_message(world.alice, world.public, "Agenda", "Alice asks @bob. Fine?")
    services.react(world.bob, hers.pk, "👍")
    services.set_mention_digest(world.bob, True)
    Presence.objects.create(
        group=world.public, user=world.bob, channel_name="c-1", seen_at=mine.created_at
    )
    return mine, secret, hers


def test_export_holds_the_persons_messages_and_nothing_of_others(world, talk):
    """Bob's download lists his groups, his messages with group and topic names and earlier
    versions, his reaction, the mention of him and his read markers; Alice's words never."""
    mine, secret, hers = talk
    data = services.export_participant(world.bob)
    assert {m["group"] for m in data["memberships"]} == {"Open forum", "Board"}
    texts = {(m["group"], m["topic"], m["text"]) for m in data["messages"]}
    assert texts == {
        ("Open forum", "Agenda", "Bob's agenda point"),
        ("Board", "Budget", "Bob's budget line"),
    }
    first = next(m for m in data["messages"] if m["id"] == mine.pk)
    assert [v["text"] for v in first["earlier_versions"]] == ["Bob's first draft"]
    assert data["reactions"][0]["emoji"] == "👍" and data["reactions"][0]["message_id"] == hers.pk
    assert data["mentions"][0]["message_id"] == hers.pk
    assert {r["topic"] for r in data["read_markers"]} == {"Agenda", "Budget"}
    assert data["preferences"] == {"mention_digest": True}
    dumped = json.dumps(data, ensure_ascii=False)
    assert "Alice asks" not in dumped and "alice" not in dumped.lower()


def test_erased_persons_messages_stay_by_former_member(client, world, talk):
    """After erasure, Bob's messages are still in the discussion, shown as "Former member" with
    no name or username, on the page and in the JSON every client receives."""
    mine, secret, hers = talk
    services.erase_participant(world.bob)
    world.bob.delete()
    message = services.message_queryset().get(pk=mine.pk)
    assert message.body == "Bob's agenda point" and message.author is None
    frame = services.serialize_message(message)
    assert frame["author"] == {"id": None, "username": "", "name": "Former member", "home": None}
    client.force_login(world.alice)
    html = client.get(reverse("collaboration:detail", args=["open-forum"])).content.decode()
    assert "Bob's agenda point" in html and "Former member" in html
    assert "Bob" not in html.replace("Bob's agenda point", "").replace("Bob's budget", "")


def test_erasure_deletes_everything_else_of_the_person(world, talk):
    """Memberships, reactions, mentions, read markers, presence and preferences of Bob go;
    Alice's own rows stay."""
    mine, secret, hers = talk
    counts = services.erase_participant(world.bob)
    assert counts["messages_anonymised"] == 2 and counts["reactions"] == 1
    for model, field in [
        (Membership, "user"),
        (Reaction, "user"),
        (Mention, "user"),
        (ReadMarker, "user"),
        (Presence, "user"),
        (NotificationPreference, "user"),
        (Message, "author"),
        (MessageEdit, "editor"),
    ]:
        assert not model.objects.filter(**{field: world.bob}).exists(), model
    assert Membership.objects.filter(user=world.alice).count() == 2
    assert ReadMarker.objects.filter(user=world.alice).exists()


def test_erased_persons_username_leaves_other_peoples_mentions(world, talk):
    """Alice's "@bob" no longer names anyone: the text reads "[…]" and no link to an account
    remains, even after Alice edits her message again."""
    mine, secret, hers = talk
    services.erase_participant(world.bob)
    hers.refresh_from_db()
    assert "@bob" not in hers.body and "bob" not in hers.html
    assert hers.body == "Alice asks […]. Fine?"
    world.bob.delete()
    services.edit_message(world.alice, hers.pk, hers.body + " Yes.")
    hers.refresh_from_db()
    assert "data-user" not in hers.html


def test_direct_conversation_keeps_only_the_other_name(world):
    """Alice's direct conversation with Bob is then named after Alice and a former member."""
    group = services.open_direct_conversation(world.alice, world.bob)
    services.post_message(world.bob, group, "Hello", "Hi Alice")
    services.erase_participant(world.bob)
    group.refresh_from_db()
    assert group.name == "Alice · Former member"


def test_erasure_reports_groups_left_without_convenor(world):
    """Erasing Alice, the only convenor of both groups, says which need a new convenor."""
    counts = services.erase_participant(world.alice)
    assert sorted(counts["groups_without_convenor"]) == ["Board", "Open forum"]


def test_erasure_signal_names_the_messages_for_federation(
    world, talk, django_capture_on_commit_callbacks
):
    """The hook a federated group will use: after commit, the ids of the messages now by a
    former member (each would need an ActivityPub Update or Delete)."""
    mine, secret, hers = talk
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    services.participant_erased.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.erase_participant(world.bob)
    finally:
        services.participant_erased.disconnect(receiver)
    assert received[0]["user_id"] == world.bob.pk
    assert sorted(received[0]["message_ids"]) == sorted([mine.pk, secret.pk])
