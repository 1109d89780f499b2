"""The channel layer: the names of a group's and a person's channels, and broadcasts after commit.

A broadcast that fails is logged and lost only on the wire: the row is already stored, and a
client that reconnects fetches everything after the last id it saw.
"""

import asyncio
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from ..conf import setting

logger = logging.getLogger(__name__)

# Called with (layer, error) in the event loop when a broadcast fails: realtime's watch listens,
# to tell this process's open pages that they may have missed it.
broadcast_failed_listeners = []


def group_channel(group_id):
    return f"collab.group.{group_id}"


def user_channel(user_id):
    return f"collab.user.{user_id}"


async def _group_send(layer, channel_group, event):
    # Bounded: this runs for the database thread, which must not wait on a hanging Redis.
    try:
        await asyncio.wait_for(layer.group_send(channel_group, event), setting("LAYER_TIMEOUT"))
    except Exception as error:
        for listener in broadcast_failed_listeners:
            listener(layer, error)
        raise


def _send_now(channel_group, event):
    try:
        layer = get_channel_layer(setting("CHANNEL_LAYER"))
        if layer is not None:
            async_to_sync(_group_send)(layer, channel_group, event)
    except Exception as error:  # noqa: BLE001 - the row is stored; clients catch up on reconnect
        logger.warning(
            "broadcast to %s failed (%s: %s): open pages catch up when they reconnect",
            channel_group,
            type(error).__name__,
            error,
        )


def broadcast(group_id, frame):
    """Send a frame to every open connection of the group once the transaction commits.

    The frame is serialised once here, not once per connection.
    """
    event = {"type": "chat.frame", "text": json.dumps(frame, separators=(",", ":"))}
    # After commit and not durable, on purpose: the message is in the database, a broadcast is
    # only a notice of it, and a client that missed one catches up on reconnect (`resume`).
    transaction.on_commit(lambda: _send_now(group_channel(group_id), event))


def notify_user(user_id, event):
    """Send an event to every open connection of one person once the transaction commits."""
    transaction.on_commit(lambda: _send_now(user_channel(user_id), event))
