"""The fan-out hub: one channel-layer subscription per group and process for all its sockets."""

import asyncio
import logging

from channels.db import database_sync_to_async

from .. import services
from ..conf import setting
from .watch import LayerWatch

logger = logging.getLogger(__name__)


class GroupHub:
    """One channel-layer subscription per group and process, fanning out to local connections.

    Without it every connection is its own member of the layer group, and each broadcast costs
    one layer message, one queue, one receive task and one dispatch per connection. Through the
    hub a broadcast is received once per process and handed to each connection's bounded queue.
    """

    _hubs = {}  # (event loop, group name) -> hub

    def __init__(self, layer, group_name):
        self.layer = layer
        self.group_name = group_name
        self.consumers = set()
        self.channel = None
        self.task = None
        self.beat = None
        self.ready = asyncio.Event()
        self.error = None  # why the hub could not subscribe, or stopped
        self.watch = None

    @classmethod
    async def join(cls, layer, group_name, consumer):
        """This process's hub of the group, subscribing it first if need be.

        Raises what the layer raised when it cannot subscribe (the layer is then marked down).
        """
        key = (id(asyncio.get_running_loop()), group_name)
        hub = cls._hubs.get(key)
        if hub is None:
            hub = cls._hubs[key] = cls(layer, group_name)
            hub.watch = LayerWatch.of(layer)
            try:
                hub.channel = await layer.new_channel("collab.hub.")
                await layer.group_add(group_name, hub.channel)
            except Exception as error:
                hub.error = error
                if cls._hubs.get(key) is hub:
                    del cls._hubs[key]
                hub.ready.set()
                hub.watch.failed(error)
                raise
            hub.task = asyncio.create_task(hub.run())
            hub.beat = asyncio.create_task(hub.heartbeat())
            hub.watch.track(hub)
            hub.ready.set()
        await hub.ready.wait()
        if hub.error is not None:
            raise hub.error
        hub.consumers.add(consumer)
        return hub

    def _forget(self):
        key = (id(asyncio.get_running_loop()), self.group_name)
        if self._hubs.get(key) is self:
            del self._hubs[key]
        for task in (self.task, self.beat):
            if task is not None:
                task.cancel()
        self.watch.untrack(self)

    async def leave(self, consumer):
        self.consumers.discard(consumer)
        if self.consumers or self.error is not None:
            return
        self._forget()
        try:
            await self.layer.group_discard(self.group_name, self.channel)
        except Exception as error:  # noqa: BLE001 - the subscription goes with the connection
            logger.info("unsubscribing %s failed: %s", self.group_name, error)

    def layer_failed(self):
        """The layer lost messages or cannot be reached: close every local connection (4503);
        each page says live updates are unavailable and reconnects, catching up from the
        database, once the layer answers again."""
        self.error = ConnectionError("channel layer unavailable")
        self._forget()
        for consumer in list(self.consumers):
            consumer.layer_failed()
        self.consumers.clear()

    async def heartbeat(self):
        """Keep this process's signed-in connections to the group present: one write per group
        and period, instead of two per connection, which fell due together for people who
        arrived together and queued on the database thread ahead of their messages."""
        beat = database_sync_to_async(services.presence_heartbeat)
        while True:
            await asyncio.sleep(setting("PRESENCE_HEARTBEAT"))
            names = [c.channel_name for c in self.consumers if c.authenticated]
            if not names:
                continue
            try:
                await beat(names)
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                logger.exception("presence heartbeat of %s failed", self.group_name)

    async def run(self):
        while True:
            try:
                event = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the pages reconnect and catch up
                self.watch.failed(error)
                return
            if event.get("type") == "chat.frame":
                for consumer in list(self.consumers):
                    consumer.enqueue(event["text"])
                # A layer that has several broadcasts buffered (Redis pub/sub does) hands them
                # over without suspending; yield so each writer drains before the next one, or
                # a burst longer than the queue would close healthy clients as if they were slow.
                await asyncio.sleep(0)
