"""The verbs of working groups, one module per subject; each writes, then broadcasts on commit.

Views, consumers, the admin, the demo and the tests all go through these functions, imported
from here: `from collaboration import services; services.post_message(...)`.
"""

from .digest import opted_in_user_ids, send_mention_digest, set_mention_digest
from .erasure import erase_participant, export_participant, participant_erased
from .errors import ChatError
from .groups import create_group, direct_conversations, get_group, open_direct_conversation
from .history import changed_since, history, messages_after
from .ids import parse_id
from .layer import broadcast, group_channel, notify_user, user_channel
from .membership import (
    approve_request,
    block_member,
    change_role,
    invite_to_group,
    join_group,
    leave_group,
    remove_member,
    request_membership,
)
from .messages import add_mentions, delete_message, edit_message, post_message, remove_message
from .presence import presence_heartbeat, presence_join, presence_leave, present_users
from .reactions import react, unreact
from .reading import mark_read, mentions_for, unread_counts
from .search import search_messages
from .serialise import display_name, message_queryset, reactions_summary, serialize_message

__all__ = [
    "ChatError",
    "add_mentions",
    "approve_request",
    "broadcast",
    "change_role",
    "changed_since",
    "create_group",
    "delete_message",
    "direct_conversations",
    "display_name",
    "edit_message",
    "erase_participant",
    "export_participant",
    "get_group",
    "group_channel",
    "history",
    "invite_to_group",
    "join_group",
    "leave_group",
    "mark_read",
    "mentions_for",
    "message_queryset",
    "messages_after",
    "notify_user",
    "open_direct_conversation",
    "opted_in_user_ids",
    "participant_erased",
    "parse_id",
    "post_message",
    "presence_heartbeat",
    "presence_join",
    "presence_leave",
    "present_users",
    "reactions_summary",
    "react",
    "remove_member",
    "block_member",
    "remove_message",
    "request_membership",
    "search_messages",
    "send_mention_digest",
    "serialize_message",
    "set_mention_digest",
    "unreact",
    "unread_counts",
    "user_channel",
]
