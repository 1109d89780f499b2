"""The verbs of working groups: what members see happen when they post, edit, react and manage."""

import pytest
from django.core import mail

from collaboration import permissions, services
from collaboration.models import Membership, Mention, Message, MessageEdit, Reaction, WorkingGroup
from collaboration.services import ChatError, layer


def test_post_creates_topic_and_message(world):
    """A message starts a topic; the next one with the same title continues it."""
    m1, created = services.post_message(world.bob, world.public, "Agenda", "First **point**")
    m2, _ = services.post_message(world.alice, world.public, " Agenda ", "Second")
    assert created and m1.topic_id == m2.topic_id
    assert m1.html == "<p>First <strong>point</strong></p>"
    assert world.public.topics.count() == 1


def test_idempotent_send_with_client_id(world):
    """The same client_id from the same author stores one message, however often it is resent."""
    m1, c1 = services.post_message(world.bob, world.public, "T", "hello", client_id="abc")
    m2, c2 = services.post_message(world.bob, world.public, "T", "hello", client_id="abc")
    assert c1 and not c2 and m1.pk == m2.pk
    assert Message.objects.count() == 1


def test_length_limit(world):
    """4,000 characters pass; 4,001 are refused with a clear error and nothing stored."""
    services.post_message(world.bob, world.public, "T", "x" * 4000)
    with pytest.raises(ChatError) as err:
        services.post_message(world.bob, world.public, "T", "x" * 4001)
    assert err.value.code == "too_long" and "4000" in str(err.value.message)
    assert Message.objects.count() == 1


def test_non_member_cannot_post(world):
    """Reading a public group does not mean writing in it."""
    with pytest.raises(ChatError):
        services.post_message(world.carol, world.public, "T", "hi")


def test_edit_keeps_history(world):
    """An edit replaces the text, marks the message edited and keeps the earlier version."""
    m, _ = services.post_message(world.bob, world.public, "T", "frist")
    services.edit_message(world.bob, m.pk, "first")
    m.refresh_from_db()
    assert m.body == "first" and m.edited_at is not None
    assert list(MessageEdit.objects.values_list("body", flat=True)) == ["frist"]
    with pytest.raises(ChatError):
        services.edit_message(world.alice, m.pk, "not yours")


def test_delete_leaves_placeholder(world):
    """The author or a moderator deletes; a placeholder stays, the text and reactions go."""
    m, _ = services.post_message(world.bob, world.public, "T", "oops")
    services.react(world.alice, m.pk, "👍")
    with pytest.raises(ChatError):
        services.delete_message(world.carol, m.pk)
    services.delete_message(world.dave, m.pk)  # a moderator
    m.refresh_from_db()
    data = services.serialize_message(m)
    assert data["deleted"] and data["body"] == "" and data["html"] == ""
    assert Message.objects.filter(pk=m.pk).exists() and not Reaction.objects.exists()


def test_reactions_unique_and_removable(world):
    """One emoji per person per message; removing it takes it away; text is not an emoji."""
    m, _ = services.post_message(world.bob, world.public, "T", "nice")
    services.react(world.alice, m.pk, "🎉")
    services.react(world.alice, m.pk, "🎉")
    services.react(world.bob, m.pk, "🎉")
    m = services.message_queryset().get(pk=m.pk)
    assert services.serialize_message(m)["reactions"] == [
        {"emoji": "🎉", "count": 2, "users": ["alice", "bob"], "names": ["Alice", "Bob"]}
    ]
    services.unreact(world.alice, m.pk, "🎉")
    assert Reaction.objects.count() == 1
    with pytest.raises(ChatError):
        services.react(world.alice, m.pk, "<b>")


def test_mentions_and_all_for_convenors(world):
    """@bob notifies bob; @all notifies every member but only convenors may use it."""
    services.post_message(world.alice, world.public, "T", "hi @bob and @carol")
    assert list(Mention.objects.values_list("user__username", flat=True)) == ["bob"]
    with pytest.raises(ChatError) as err:
        services.post_message(world.bob, world.public, "T", "@all look")
    assert err.value.code == "mention_all"
    services.post_message(world.alice, world.public, "T2", "@all meeting at 3")
    assert set(
        Mention.objects.filter(message__topic__title="T2").values_list("user__username", flat=True)
    ) == {"bob", "dave"}


def test_unread_counts_and_read_markers(world):
    """Messages of others are unread until the marker passes them; writing reads the topic."""
    services.post_message(world.alice, world.private, "T", "mine")
    services.post_message(world.bob, world.private, "T", "one")
    m2, _ = services.post_message(world.bob, world.private, "T", "two")
    counts = services.unread_counts(world.alice)
    assert counts[world.private.pk]["total"] == 2
    services.mark_read(world.alice, m2.topic_id, m2.pk)
    assert services.unread_counts(world.alice) == {}
    assert services.unread_counts(world.carol) == {}


def test_open_direct_conversation_is_idempotent(world):
    """Opening a conversation twice, from either side, gives the same private group of two."""
    g1 = services.open_direct_conversation(world.bob, world.carol)
    g2 = services.open_direct_conversation(world.carol, world.bob)
    assert g1.pk == g2.pk and g1.is_direct and g1.is_private
    assert set(g1.memberships.values_list("user__username", flat=True)) == {"bob", "carol"}
    assert not permissions.can_read_group(world.alice, g1)
    services.post_message(world.carol, g1, "Hello", "hi bob")


def test_membership_management(world):
    """Convenors approve requests, invite, change roles and remove; others cannot."""
    world.public.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    world.public.save()
    services.request_membership(world.carol, world.public)
    assert not permissions.can_post(world.carol, world.public)
    with pytest.raises(ChatError):
        services.approve_request(world.bob, world.public, world.carol)
    services.approve_request(world.alice, world.public, world.carol)
    assert permissions.can_post(world.carol, world.public)
    services.change_role(world.alice, world.public, world.carol, Membership.Role.MODERATOR)
    assert permissions.can_moderate(world.carol, world.public)
    services.remove_member(world.alice, world.public, world.carol)
    assert permissions.get_membership(world.carol, world.public) is None
    services.invite_to_group(world.alice, world.private, world.carol)
    assert not permissions.can_read_group(world.carol, world.private)
    services.join_group(world.carol, world.private)
    assert permissions.can_read_group(world.carol, world.private)
    with pytest.raises(ChatError):
        services.leave_group(world.alice, world.private)  # the last convenor stays


def test_open_group_join(world):
    """Anyone signed in joins an open group at once; an invitation-only group refuses."""
    world.public.join_policy = WorkingGroup.JoinPolicy.OPEN
    world.public.save()
    services.join_group(world.carol, world.public)
    assert permissions.can_post(world.carol, world.public)
    with pytest.raises(ChatError):
        services.join_group(world.dave, world.private)


def test_mention_digest(world, settings):
    """Opted-in members get one e-mail of unread mentions, each mention only once."""
    services.post_message(world.alice, world.private, "T", "@bob please review")
    assert services.send_mention_digest(world.bob) == 0  # not opted in
    services.set_mention_digest(world.bob, True)
    assert services.send_mention_digest(world.bob) == 1
    assert services.send_mention_digest(world.bob) == 0
    assert len(mail.outbox) == 1 and "please review" in mail.outbox[0].body


def test_digest_command_queues_tasks(world):
    """`manage.py send_mention_digests` sends the digests through the task queue."""
    from django.core.management import call_command

    services.post_message(world.alice, world.private, "T", "@bob hello")
    services.set_mention_digest(world.bob, True)
    call_command("send_mention_digests")
    assert len(mail.outbox) == 1


def test_demo_groups_idempotent(world):
    """The demo groups load twice without duplicates."""
    from collaboration.demo import load_demo_groups

    users = [world.alice, world.bob]
    load_demo_groups(users)
    count = (WorkingGroup.objects.count(), Message.objects.count())
    load_demo_groups(users)
    assert (WorkingGroup.objects.count(), Message.objects.count()) == count


def test_broadcast_failure_loses_nothing(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """If the channel layer fails after the commit, the message is still stored and the sender
    gets no error (clients catch up from the database); the failure is logged."""
    calls = []

    class DownLayer:
        """Whichever layer is configured (in-memory or Redis), it fails on send."""

        async def group_send(self, *args, **kwargs):
            calls.append(args)
            raise RuntimeError("layer down")

    monkeypatch.setattr(layer, "get_channel_layer", lambda *args: DownLayer())
    with django_capture_on_commit_callbacks(execute=True):
        m, _ = services.post_message(world.bob, world.public, "T", "kept")
    assert calls, "the broadcast was attempted"
    assert Message.objects.filter(pk=m.pk, body="kept").exists()
    assert "broadcast to" in caplog.text and "failed" in caplog.text


def test_group_and_its_discussion_row_cost_one_query(world, django_assert_num_queries):
    """Finding a group by slug is one query, and its discussion row is known without another."""
    with django_assert_num_queries(1):
        group = services.get_group("board")
        assert group.discussion.discussion is group
    fresh = WorkingGroup.objects.get(pk=world.public.pk)
    with django_assert_num_queries(1):
        assert fresh.discussion.discussion.discussion.pk == fresh.pk
    assert services.get_group("no-such-group") is None
