"""The WebSocket edge of a group's discussion: authenticate, validate, rate-limit, delegate.

One connection per open page. Client frames are JSON objects with a "type": send, edit, delete,
react, unreact, typing, read, history, resume, presence, ping. Every action checks the person's
rights again (through `services`, which asks `permissions`); refusals come back as
{"type": "error", "code": ..., "message": <translated>} and change nothing.

Outgoing frames go through a bounded queue per connection, written by its own task: a client
that does not read fast enough is disconnected (code 4008) instead of holding up the group, and
catches up from the database when it reconnects.

When the channel layer cannot be reached (Redis down), a socket is accepted and closed at once
with code 4503, and open ones are closed with it as soon as this process notices (see
`watch.py`): the page says live updates are unavailable, retries with back-off, and catches up
from the database once it is back.
"""

import asyncio
import contextlib
import functools
import json
import logging
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .. import permissions, services
from ..conf import setting
from ..services import ChatError
from .frames import parse_frame
from .hub import GroupHub
from .ratelimit import bucket_for
from .watch import LayerWatch

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
CLOSE_TOO_SLOW = 4008
# The channel layer is unreachable: live updates are unavailable, try again later.
CLOSE_UNAVAILABLE = 4503


def _language(scope):
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    lang = (query.get("lang") or [""])[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return lang if lang in codes else settings.LANGUAGE_CODE


def _int(value, default=None):
    # A non-negative id a database column can hold; Infinity, 1e30, true and "1 OR 1=1" are not.
    return services.parse_id(value, default)


class GroupConsumer(AsyncWebsocketConsumer):
    """A person (or a visitor of a public group) following one group's discussion."""

    WRITE_ACTIONS = {"send", "edit", "delete", "react", "unreact"}

    async def __call__(self, scope, receive, send):
        """Channels' own, except that a channel layer that cannot be reached does not crash the
        socket before its handshake: `connect` then answers it and closes with 4503."""
        self.scope = scope
        self.base_send = send
        self.layer_unavailable = False
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        sources = [receive]
        if self.channel_layer is not None:
            watch = LayerWatch.of(self.channel_layer)
            try:
                if watch.down:
                    raise ConnectionError(watch.error or "channel layer unavailable")
                self.channel_name = await self.channel_layer.new_channel()
            except Exception as error:  # noqa: BLE001 - told to the page as 4503
                self.layer_unavailable = True
                self.channel_name = None
                if not watch.down:
                    watch.failed(error)
            else:
                sources.append(functools.partial(self.channel_layer.receive, self.channel_name))
        with contextlib.suppress(StopConsumer):
            await await_many_dispatch(sources, self.dispatch)

    async def dispatch(self, message):
        """Run the handler without Channels' close_old_connections hop to the database thread.

        Channels hops to the (single) database thread before every handler, so each delivered
        broadcast queued behind the writes of everyone posting: measured, that hop cost more
        than the rest of a delivery. This consumer reaches the database only through
        database_sync_to_async, which closes stale connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.user = self.scope.get("user")
        self.lang = _language(self.scope)
        self.group = None
        self.queue = None
        self.early = None
        self.tasks = []
        self.typing_tasks = {}
        self.closing = False
        self.hub = None
        if self.layer_unavailable:
            await self._close_unavailable(accepted=False)
            return
        slug = self.scope["url_route"]["kwargs"]["slug"]
        group, allowed = await self._db(self._load_group, slug)
        if group is None or not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = group
        self.group_name = services.group_channel(group.pk)
        self.authenticated = bool(self.user and self.user.is_authenticated)
        if self.authenticated and not await self._layer_call(
            self.channel_layer.group_add(services.user_channel(self.user.pk), self.channel_name)
        ):
            await self._close_unavailable(accepted=False)
            return
        await self.accept()
        self.queue = asyncio.Queue(maxsize=setting("SEND_QUEUE_SIZE"))
        self.tasks.append(asyncio.create_task(self._writer()))
        # Join the fan-out before reading the state for "hello", so nothing falls in between;
        # what arrives meanwhile waits until "hello" is queued, so "hello" is always first.
        self.early = []
        try:
            self.hub = await GroupHub.join(self.channel_layer, self.group_name, self)
        except Exception:  # noqa: BLE001 - the layer is marked down; the page is told
            await self._close_unavailable(accepted=True)
            return
        hello = await self._db(self._hello)
        new_here = hello.pop("_new_here", False)
        early, self.early = self.early, None
        self.enqueue(hello)
        for frame in early:
            self.enqueue(frame)
        if new_here:
            await self._group_frame({"type": "presence", "state": "online", "user": self._me()})

    def _load_group(self, slug):
        group = services.get_group(slug)
        if group is None:
            return None, False
        return group, permissions.can_read_group(self.user, group)

    def _hello(self):
        membership = permissions.get_membership(self.user, self.group)
        last = self.group.messages.order_by("-pk").values_list("pk", flat=True).first()
        hello = {
            "type": "hello",
            "group": {"id": self.group.pk, "slug": self.group.slug},
            "user": self._me() if self.authenticated else None,
            "can_post": permissions.can_post(self.user, self.group, membership),
            "can_moderate": permissions.can_moderate(self.user, self.group, membership),
            "last_id": last or 0,
            "server_time": timezone.now().isoformat(),
            "presence": [],
        }
        if self.authenticated:
            present, new = services.presence_join(self.group.pk, self.user, self.channel_name)
            hello["presence"] = present
            hello["_new_here"] = new
        return hello

    def _me(self):
        return {
            "id": self.user.pk,
            "username": self.user.get_username(),
            "name": services.display_name(self.user),
        }

    async def disconnect(self, code):
        for task in self.tasks:
            task.cancel()
        for task in self.typing_tasks.values():
            task.cancel()
        if self.group is None:
            return
        if self.hub is not None:
            await self.hub.leave(self)
            self.hub = None
        if self.authenticated:
            await self._layer_call(
                self.channel_layer.group_discard(
                    services.user_channel(self.user.pk), self.channel_name
                )
            )
            for topic in list(self.typing_tasks):
                await self._typing_frame(topic, "stop")
            gone = await self._db(
                services.presence_leave, self.group.pk, self.user.pk, self.channel_name
            )
            if gone:
                await self._group_frame(
                    {"type": "presence", "state": "offline", "user": self._me()}
                )

    # --- the outgoing queue --------------------------------------------------------------

    def enqueue(self, frame):
        """Queue a frame (a dict, or text already serialised) for this client."""
        if self.closing or self.queue is None:
            return
        if self.early is not None:
            self.early.append(frame)
            return
        text = frame if isinstance(frame, str) else json.dumps(frame, separators=(",", ":"))
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.closing = True
            logger.info("closing a slow client of %s: send queue full", self.group_name)
            asyncio.ensure_future(self.close(code=CLOSE_TOO_SLOW))

    async def _writer(self):
        while True:
            text = await self.queue.get()
            await self.send(text_data=text)

    async def _group_frame(self, frame):
        await self._layer_call(
            self.channel_layer.group_send(
                self.group_name,
                {"type": "chat.frame", "text": json.dumps(frame, separators=(",", ":"))},
            )
        )

    # --- when the channel layer fails --------------------------------------------------

    async def _layer_call(self, operation):
        """Await a layer operation; False (and the layer marked down) if it failed."""
        watch = LayerWatch.of(self.channel_layer)
        if watch.down:
            operation.close()
            return False
        try:
            await operation
        except Exception as error:  # noqa: BLE001 - every open page of the process is told
            watch.failed(error)
            return False
        return True

    async def _close_unavailable(self, accepted):
        """Close with 4503 (accepting first, so that the page receives the code)."""
        self.closing = True
        if not accepted:
            await self.accept()
        await self.close(code=CLOSE_UNAVAILABLE)

    def layer_failed(self):
        """Called by the hub: the layer is down, this page must reconnect and catch up."""
        self.hub = None
        if self.closing:
            return
        self.closing = True
        asyncio.ensure_future(self.close(code=CLOSE_UNAVAILABLE))

    # --- events from the channel layer -------------------------------------------------

    async def chat_frame(self, event):
        self.enqueue(event["text"])
        await asyncio.sleep(0)  # as in GroupHub.run: let the writer drain a burst

    async def chat_membership(self, event):
        """The person's rights in some group changed: re-check, close if they lost reading."""
        if event.get("group_id") != self.group.pk:
            return
        rights = await self._db(self._rights)
        if rights is None:
            self.closing = True
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.enqueue(rights)

    def _rights(self):
        """The person's rights frame, or None when they may no longer read: one query."""
        membership = permissions.get_membership(self.user, self.group)
        if not permissions.can_read_group(self.user, self.group, membership):
            return None
        return {
            "type": "rights",
            "can_post": permissions.can_post(self.user, self.group, membership),
            "can_moderate": permissions.can_moderate(self.user, self.group, membership),
        }

    async def chat_read(self, event):
        if event.get("group_id") == self.group.pk:
            self.enqueue(
                {"type": "read", "topic_id": event["topic_id"], "last_read": event["last_read"]}
            )

    async def chat_mention(self, event):
        """Someone named the person: every tab updates its mentions count, this group's marks it."""
        self.enqueue(
            {
                "type": "mention",
                "message_id": event["message_id"],
                "group_id": event.get("group_id"),
                "topic_id": event.get("topic_id"),
            }
        )

    # --- frames from the client --------------------------------------------------------

    def _error(self, code, message, ref=None):
        frame = {"type": "error", "code": code, "message": str(message)}
        if ref is not None:
            frame["ref"] = ref
        self.enqueue(frame)

    async def receive(self, text_data=None, bytes_data=None):
        with translation.override(self.lang):
            try:
                data = parse_frame(text_data, bytes_data, max_chars=setting("MAX_FRAME_BYTES"))
            except ChatError as error:
                return self._error(error.code, error.message)
            action = data["type"]
            handler = getattr(self, f"action_{action}", None) if action.isidentifier() else None
            if handler is None:
                return self._error("unknown_action", _("Unknown action."), ref=action[:40])
            ref = data.get("client_id") if isinstance(data.get("client_id"), str) else None
            if action in self.WRITE_ACTIONS and not self.authenticated:
                return self._error(
                    "forbidden", _("Sign in to take part in the discussion."), ref=ref
                )
            if action in self.WRITE_ACTIONS and not self._allowed_rate("write"):
                return self._error(
                    "rate_limited",
                    _("You are sending messages too fast; wait a moment and try again."),
                    ref=ref,
                )
            try:
                await handler(data)
            except ChatError as error:
                self._error(error.code, error.message, ref=ref)
            except Exception:
                # One frame's bug must not drop the connection (and every open tab's state).
                logger.exception("chat: %s in %s failed", action, self.group_name)
                self._error("server_error", _("This could not be done; try again."), ref=ref)

    def _allowed_rate(self, kind):
        if not self.authenticated:
            return False
        burst, rate = setting("RATE_BURST"), setting("RATE_PER_SECOND")
        return bucket_for((self.user.pk, kind), burst, rate).take()

    def _db(self, fn, *args, **kwargs):
        """Run ORM work in a thread, in the person's language, with errors already translated."""
        lang = self.lang

        def call():
            with translation.override(lang):
                try:
                    return fn(*args, **kwargs)
                except ChatError as error:
                    raise ChatError(error.code, str(error.message)) from None

        return database_sync_to_async(call)()

    def _require_user(self):
        if not self.authenticated:
            raise ChatError("forbidden", _("Sign in to take part in the discussion."))

    async def action_send(self, data):
        self._require_user()
        message, created = await self._db(
            services.post_message,
            self.user,
            self.group,
            data.get("topic"),
            data.get("body"),
            data.get("client_id"),
        )
        frame = {"type": "ack", "client_id": message.client_id, "id": message.pk}
        if not created:
            # A resend after a reconnect: the client may not have the original yet.
            frame["message"] = await self._db(services.serialize_message, message)
        self.enqueue(frame)
        if not created:
            # Nor may the others: the process that stored it may have died, or lost its channel
            # layer, between the commit and the broadcast. Pages show a message once by id.
            await self._group_frame({"type": "message", "message": frame["message"]})

    async def action_edit(self, data):
        self._require_user()
        await self._db(
            services.edit_message, self.user, data.get("id"), data.get("body"), self.group
        )

    async def action_delete(self, data):
        self._require_user()
        await self._db(services.delete_message, self.user, data.get("id"), self.group)

    async def action_react(self, data):
        self._require_user()
        await self._db(services.react, self.user, data.get("id"), data.get("emoji"), self.group)

    async def action_unreact(self, data):
        self._require_user()
        await self._db(services.unreact, self.user, data.get("id"), data.get("emoji"), self.group)

    async def action_read(self, data):
        self._require_user()
        topic_id = _int(data.get("topic_id"))
        if topic_id is None or not await self._db(self._topic_here, topic_id):
            raise ChatError("not_found", _("This topic does not exist."))
        await self._db(services.mark_read, self.user, topic_id, _int(data.get("id"), 0))

    def _topic_here(self, topic_id):
        return self.group.topics.filter(pk=topic_id).exists()

    async def action_typing(self, data):
        self._require_user()
        topic = data.get("topic")
        state = data.get("state", "start")
        if not isinstance(topic, str) or not topic.strip() or state not in {"start", "stop"}:
            raise ChatError("invalid", _("A typing notice needs a topic and a state."))
        topic = " ".join(topic.split())[:120]
        if not await self._db(permissions.can_post, self.user, self.group):
            raise ChatError("forbidden", _("You are not allowed to do that in this group."))
        previous = self.typing_tasks.pop(topic, None)
        if previous is not None:
            previous.cancel()
        if state == "start":
            if len(self.typing_tasks) >= 5 or not self._allowed_rate("typing"):
                return
            self.typing_tasks[topic] = asyncio.create_task(self._typing_expiry(topic))
        await self._typing_frame(topic, state)

    async def _typing_expiry(self, topic):
        await asyncio.sleep(setting("TYPING_TTL"))
        if self.typing_tasks.get(topic) is asyncio.current_task():
            del self.typing_tasks[topic]
        await self._typing_frame(topic, "stop")

    async def _typing_frame(self, topic, state):
        await self._group_frame(
            {
                "type": "typing",
                "state": state,
                "topic": topic,
                "user": self._me(),
                "ttl": setting("TYPING_TTL"),
            }
        )

    def _readable(self):
        if not permissions.can_read_group(self.user, self.group):
            raise ChatError("forbidden", _("You are not allowed to do that in this group."))

    def _history(self, before, topic_id):
        self._readable()
        messages, has_more = services.history(self.group, before=before, topic_id=topic_id)
        return {
            "type": "history",
            "before": before,
            "messages": [services.serialize_message(m) for m in messages],
            "has_more": has_more,
        }

    async def action_history(self, data):
        before = _int(data.get("before"))
        topic_id = _int(data.get("topic_id"))
        self.enqueue(await self._db(self._history, before, topic_id))

    def _resume(self, last_id, since):
        self._readable()
        messages, has_more = services.messages_after(self.group, last_id)
        changed = []
        if since is not None:
            changed = services.changed_since(self.group, last_id, since)
        return {
            "type": "resume",
            "last_id": last_id,
            "messages": [services.serialize_message(m) for m in messages],
            "changed": [services.serialize_message(m) for m in changed],
            "has_more": has_more,
        }

    async def action_resume(self, data):
        last_id = _int(data.get("last_id"))
        if last_id is None or last_id < 0:
            raise ChatError("invalid", _("Resuming needs the last message id seen."))
        since = None
        if isinstance(data.get("since"), str):
            try:
                since = parse_datetime(data["since"])
            except ValueError:
                since = None
        self.enqueue(await self._db(self._resume, last_id, since))

    async def action_presence(self, data):
        present = []
        if self.authenticated:
            present = await self._db(services.present_users, self.group.pk)
        self.enqueue({"type": "presence", "state": "list", "users": present})

    async def action_ping(self, data):
        self.enqueue({"type": "pong"})
