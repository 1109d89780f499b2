"""A person's data in working groups: everything of it as plain data, and its erasure.

The site asks these two verbs (the right of access and the right to erasure); the app does not
know who calls it. Erasure keeps the discussion readable: the person's messages stay, written by
"Former member" (no name, no username, no link to an account); everything else that is theirs
(memberships, reactions, mentions, read markers, presence, preferences) goes, and their username
no longer appears in the mentions of other people's messages.
"""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone, translation

from .. import signals
from ..models import (
    Membership,
    Mention,
    Message,
    MessageEdit,
    NotificationPreference,
    Presence,
    Reaction,
    ReadMarker,
    WorkingGroup,
)
from .layer import notify_user
from .serialise import display_name

#: Sent after commit of an erasure, with `user_id` (the erased account's former id) and
#: `message_ids` (the messages now by "Former member"). A federated working group (a later
#: feature) connects here: each of these messages that left this site needs an ActivityPub
#: `Update` of its Note without `attributedTo` (or a `Delete` to a Tombstone, if the network
#: chooses to remove the text as well) sent to the servers that hold a copy, and the person's
#: own actor, if any, a `Delete` of the actor. Nothing is federated today.
participant_erased = Signal()

#: What a mention of an erased person reads in the messages of others. No "@": it must never be
#: linked to an account again when the message is edited and re-rendered.
FORMER_MEMBER_MENTION = "[…]"


def _when(value):
    return value.isoformat() if value else None


def export_participant(user):
    """Everything the app holds about `user`, as JSON-ready lists (the right of access).

    Only what is theirs: their memberships, the messages they wrote (and earlier versions of
    them), their reactions, the mentions of them, how far they read, their e-mail preference.
    Other people's words and names are not included.
    """
    memberships = Membership.objects.filter(user=user).select_related("group").order_by("pk")
    messages = (
        Message.objects.filter(author=user)
        .select_related("group", "topic")
        .prefetch_related("edits")
        .order_by("pk")
    )
    reactions = Reaction.objects.filter(user=user).select_related(
        "message__group", "message__topic"
    )
    mentions = Mention.objects.filter(user=user).select_related("message__group", "message__topic")
    markers = ReadMarker.objects.filter(user=user).select_related("topic__group")
    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "memberships": [
            {
                "group": m.group.name,
                "kind": m.group.kind,
                "role": m.role,
                "state": m.state,
                "since": _when(m.created_at),
            }
            for m in memberships
        ],
        "messages": [
            {
                "id": m.pk,
                "group": m.group.name,
                "topic": m.topic.title,
                "written_at": _when(m.created_at),
                "edited_at": _when(m.edited_at),
                "deleted_at": _when(m.deleted_at),
                "text": "" if m.deleted_at else m.body,
                "earlier_versions": [
                    {"text": e.body, "replaced_at": _when(e.edited_at)} for e in m.edits.all()
                ],
            }
            for m in messages
        ],
        "reactions": [
            {
                "emoji": r.emoji,
                "message_id": r.message_id,
                "group": r.message.group.name,
                "topic": r.message.topic.title,
                "at": _when(r.created_at),
            }
            for r in reactions.order_by("pk")
        ],
        "mentions": [
            {
                "message_id": m.message_id,
                "group": m.message.group.name,
                "topic": m.message.topic.title,
                "written_at": _when(m.message.created_at),
                "read": m.read,
                "emailed_at": _when(m.emailed_at),
            }
            for m in mentions.order_by("pk")
        ],
        "read_markers": [
            {
                "group": r.topic.group.name,
                "topic": r.topic.title,
                "last_read_message_id": r.last_read_message_id,
            }
            for r in markers.order_by("pk")
        ],
        "preferences": {"mention_digest": preference.mention_digest} if preference else {},
    }


def _unmention(text, username, html=False):
    """`text` with the mentions of `username` replaced by FORMER_MEMBER_MENTION."""
    if html:
        pattern = r'<span class="mention" data-user="{0}">@{0}</span>'.format(re.escape(username))
        return re.sub(pattern, f'<span class="mention">{FORMER_MEMBER_MENTION}</span>', text)
    return re.sub(
        r"(?<![\w@.])@" + re.escape(username) + r"(?![\w+-]|\.\w)", FORMER_MEMBER_MENTION, text
    )


def _scrub_mentions_of(user):
    """Other people's messages that named the person no longer carry their username."""
    username = user.get_username()
    ids = list(Mention.objects.filter(user=user).values_list("message_id", flat=True))
    changed = 0
    for message in Message.objects.filter(pk__in=ids).exclude(author=user):
        body = _unmention(message.body, username)
        html = _unmention(message.html, username, html=True)
        if (body, html) != (message.body, message.html):
            message.body, message.html = body, html
            message.save(update_fields=["body", "html"])
            changed += 1
    for edit in MessageEdit.objects.filter(message_id__in=ids).exclude(message__author=user):
        body = _unmention(edit.body, username)
        html = _unmention(edit.html, username, html=True)
        if (body, html) != (edit.body, edit.html):
            edit.body, edit.html = body, html
            edit.save(update_fields=["body", "html"])
    return changed


def _rename_direct_conversations(user):
    """A direct conversation was named after both people: it keeps only the other's name."""
    with translation.override(settings.LANGUAGE_CODE):
        former = display_name(None)
    groups = WorkingGroup.objects.filter(
        kind=WorkingGroup.Kind.DIRECT, memberships__user=user
    ).prefetch_related("memberships__user")
    for group in groups:
        others = [m.user for m in group.memberships.all() if m.user_id != user.pk]
        names = sorted(display_name(other) for other in others)
        group.name = " · ".join([*names, former])
        group.save(update_fields=["name"])


def erase_participant(user):
    """Erase what the app holds about `user`; their messages stay, by "Former member".

    Call it before the account itself is deleted, in the same transaction. Returns counts of
    what was changed, and the groups the person was the last active convenor of (someone must
    be given that role). `participant_erasing` is sent first, inside the transaction (the
    federated groups write their `Delete` of the person there); after commit,
    `participant_erased` is sent.
    """
    with transaction.atomic():
        signals.participant_erasing.send(sender=Membership, user=user)
        memberships = list(Membership.objects.filter(user=user).select_related("group"))
        orphaned = [
            m.group.name
            for m in memberships
            if m.role == Membership.Role.CONVENOR
            and m.state == Membership.State.ACTIVE
            and not m.group.is_direct
            and not Membership.objects.filter(
                group=m.group_id, role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
            )
            .exclude(user=user)
            .exists()
        ]
        mentions_scrubbed = _scrub_mentions_of(user)
        _rename_direct_conversations(user)
        now = timezone.now()
        message_ids = list(Message.objects.filter(author=user).values_list("pk", flat=True))
        reacted = Reaction.objects.filter(user=user).values("message_id")
        # Open pages that reconnect are sent these messages again, with the new author.
        Message.objects.filter(Q(author=user) | Q(pk__in=reacted)).update(changed_at=now)
        Message.objects.filter(author=user).update(author=None, client_id=None)
        MessageEdit.objects.filter(editor=user).update(editor=None)
        counts = {
            "messages_anonymised": len(message_ids),
            "mentions_scrubbed": mentions_scrubbed,
            "reactions": Reaction.objects.filter(user=user).delete()[0],
            "mentions": Mention.objects.filter(user=user).delete()[0],
            "read_markers": ReadMarker.objects.filter(user=user).delete()[0],
            "memberships": Membership.objects.filter(user=user).delete()[0],
            "presence": Presence.objects.filter(user=user).delete()[0],
            "preferences": NotificationPreference.objects.filter(user=user).delete()[0],
            "groups_without_convenor": orphaned,
        }
        # The person's open pages re-check their rights (and lose writing at once).
        for membership in memberships:
            notify_user(user.pk, {"type": "chat.membership", "group_id": membership.group_id})
        user_id = user.pk
        transaction.on_commit(
            lambda: participant_erased.send(
                sender=Message, user_id=user_id, message_ids=message_ids
            )
        )
    return counts
