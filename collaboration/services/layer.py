"""The channel layer: the names of a group's and a person's channels, and broadcasts after commit.

A broadcast that fails is logged and lost only on the wire: the row is already stored, and a
client that reconnects fetches everything after the last id it saw.
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from ..conf import setting

logger = logging.getLogger(__name__)


def group_channel(group_id):
    return f"collab.group.{group_id}"


def user_channel(user_id):
    return f"collab.user.{user_id}"


def _send_now(channel_group, event):
    try:
        layer = get_channel_layer(setting("CHANNEL_LAYER"))
        if layer is not None:
            async_to_sync(layer.group_send)(channel_group, event)
    except Exception:  # noqa: BLE001 - the row is stored; clients catch up on reconnect
        logger.exception("broadcast to %s failed", channel_group)


def broadcast(group_id, frame):
    """Send a frame to every open connection of the group once the transaction commits.

    The frame is serialised once here, not once per connection.
    """
    event = {"type": "chat.frame", "text": json.dumps(frame, separators=(",", ":"))}
    transaction.on_commit(lambda: _send_now(group_channel(group_id), event))


def notify_user(user_id, event):
    """Send an event to every open connection of one person once the transaction commits."""
    transaction.on_commit(lambda: _send_now(user_channel(user_id), event))
