"""Whether the channel layer still carries messages, as this process sees it.

Redis pub/sub loses what is published while a subscriber's connection is down, and the layer
does not say so: it reconnects quietly, and the open pages would never learn that they missed
messages. So each process watches its layer: while discussions are open it sends itself a probe
through the layer every LAYER_PROBE_INTERVAL seconds and waits LAYER_TIMEOUT for it to
come back. A probe refused (or two in a row lost), or any failed send reported by the consumers
or by a broadcast, marks the layer down: every open discussion of the process is closed with code 4503 (the page
says live updates are unavailable and reconnects with back-off), new sockets are answered with
4503 at once, and the probes go on until one comes back. Reconnected pages then catch up from
the database, so nothing written meanwhile is missed.

Hubs register themselves (`track`) and are told (`layer_failed`); a failed broadcast after
commit is reported through `services.layer.broadcast_failed_listeners`.
"""

import asyncio
import contextlib
import logging
import time
import uuid

from ..conf import setting
from ..services import layer as service_layer

logger = logging.getLogger(__name__)

try:  # what an unreachable Redis raises (the layer may be another one: then only OSError)
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    UNREACHABLE = (_RedisConnectionError, _RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover - a site without redis
    UNREACHABLE = (OSError,)


class _QuietWhileDown(logging.Filter):
    """channels_redis logs a traceback every second while Redis is unreachable: the watch says
    it once instead. Other errors, and everything while the layer is up, pass."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, UNREACHABLE):
            return False
        return not any(watch.down for watch in LayerWatch._watches.values())


_quiet = _QuietWhileDown()


class LayerWatch:
    _watches = {}  # id(event loop) -> watch

    def __init__(self, layer):
        self.layer = layer
        self.listeners = set()
        self.down_since = None
        self.last_logged = 0.0
        self.error = ""
        self.channel = None
        self.token = None
        self.arrived = asyncio.Event()
        self.task = None
        self.receiver = None
        self.misses = 0  # probes in a row that timed out

    @classmethod
    def of(cls, layer):
        """This event loop's watch of `layer`."""
        key = id(asyncio.get_running_loop())
        watch = cls._watches.get(key)
        if watch is None or watch.layer is not layer:
            if watch is not None:
                watch.stop()
            watch = cls._watches[key] = cls(layer)
            pubsub_logger = logging.getLogger("channels_redis.pubsub")
            if _quiet not in pubsub_logger.filters:
                pubsub_logger.addFilter(_quiet)
        return watch

    @classmethod
    def report(cls, layer, error):
        """A failure seen outside a consumer (a broadcast after commit): told to this loop's
        watch if it has one (a web process with open discussions), ignored elsewhere (a worker's
        short-lived loop has no pages to tell)."""
        with contextlib.suppress(RuntimeError):  # no running loop
            watch = cls._watches.get(id(asyncio.get_running_loop()))
            if watch is not None and watch.layer is layer:
                watch.failed(error)

    @property
    def down(self):
        return self.down_since is not None

    # --- what hubs and consumers call ------------------------------------------------------

    def track(self, listener):
        self.listeners.add(listener)
        self._ensure_running()

    def untrack(self, listener):
        self.listeners.discard(listener)

    def failed(self, error):
        """A send or subscription failed: the layer is down until a probe comes back."""
        now = time.monotonic()
        self.error = f"{type(error).__name__}: {error}".rstrip(": ")
        if self.down_since is None:
            self.down_since = now
            self.last_logged = now
            logger.warning(
                "channel layer unreachable (%s): live updates paused, open discussions closed "
                "with 4503 until it answers again",
                self.error,
            )
        elif now - self.last_logged >= 60:
            self.last_logged = now
            logger.warning(
                "channel layer still unreachable after %.0f s (%s)",
                now - self.down_since,
                self.error,
            )
        for listener in list(self.listeners):
            self.listeners.discard(listener)
            listener.layer_failed()
        self._ensure_running()

    # --- the probe -------------------------------------------------------------------------

    def _ensure_running(self):
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._run())

    def stop(self):
        for task in (self.task, self.receiver):
            if task is not None:
                task.cancel()
        self.task = self.receiver = None

    async def _run(self):
        while True:
            await asyncio.sleep(setting("LAYER_PROBE_INTERVAL"))
            error = await self._probe()
            if isinstance(error, TimeoutError) and not self.down:
                # A probe can be slow or lost once (a busy process; a publish that overtook its
                # fresh subscription on another connection): two in a row mean down. A refused
                # connection is down at once.
                self.misses += 1
                if self.misses < 2:
                    continue
            if error is None:
                self.misses = 0
                if self.down_since is not None:
                    logger.warning(
                        "channel layer reachable again after %.0f s: live updates resume",
                        time.monotonic() - self.down_since,
                    )
                    self.down_since = None
                    self.error = ""
                if not self.listeners:
                    self.task = None
                    return
            else:
                self.failed(error)

    async def _probe(self):
        """None when a probe went through the layer and came back, else what went wrong."""
        timeout = setting("LAYER_TIMEOUT")
        try:
            if self.channel is None:
                # Subscribe only once a publish goes through: a subscription that fails half
                # way leaves a dead channel behind in channels_redis.
                await asyncio.wait_for(
                    self.layer.group_send("collab.watch", {"type": "watch.probe"}), timeout
                )
                self.channel = await asyncio.wait_for(
                    self.layer.new_channel("collab.watch."), timeout
                )
                self.receiver = asyncio.ensure_future(self._receive(self.channel))
                # The publish went through; round trips start at the next probe, once the new
                # subscription is surely in place.
                return None
            self.token = uuid.uuid4().hex
            self.arrived.clear()
            await asyncio.wait_for(
                self.layer.send(self.channel, {"type": "watch.probe", "token": self.token}),
                timeout,
            )
            await asyncio.wait_for(self.arrived.wait(), timeout)
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            return TimeoutError(f"no answer within {timeout} s")
        except Exception as error:  # noqa: BLE001 - whatever failed, the layer is not usable
            return error
        return None

    async def _receive(self, channel):
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the probe times out and says so
                await asyncio.sleep(0.5)
                continue
            if event.get("token") == self.token:
                self.arrived.set()


# A broadcast after commit that fails (services.layer) marks the layer down too.
if LayerWatch.report not in service_layer.broadcast_failed_listeners:
    service_layer.broadcast_failed_listeners.append(LayerWatch.report)
