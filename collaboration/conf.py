"""COLLABORATION_* settings with their defaults, read when used so tests can override them."""

from django.conf import settings

DEFAULTS = {
    # Longest message body, in characters.
    "MAX_MESSAGE_LENGTH": 4000,
    # Largest WebSocket text frame the consumer looks at (uvicorn's --ws-max-size refuses bigger).
    "MAX_FRAME_BYTES": 65536,
    # Token bucket per person for write actions: burst capacity and tokens refilled per second.
    "RATE_BURST": 10,
    "RATE_PER_SECOND": 1.0,
    # Typing indicators: a "start" expires after this many seconds unless it is repeated.
    "TYPING_TTL": 6.0,
    # Presence: each open connection refreshes its row this often; rows older than
    # PRESENCE_TTL seconds (a crashed process) no longer count.
    "PRESENCE_HEARTBEAT": 20.0,
    "PRESENCE_TTL": 50.0,
    # Frames waiting for one slow client; beyond this the connection is closed (it catches up
    # from the database when it reconnects) instead of slowing everyone else.
    "SEND_QUEUE_SIZE": 500,
    # The channel layer's probe (realtime/watch.py) is sent this often while discussions are
    # open; it, and a broadcast, count as failed after LAYER_TIMEOUT seconds. Open pages are
    # then told live updates are unavailable (close code 4503) and reconnect with back-off.
    "LAYER_PROBE_INTERVAL": 2.0,
    "LAYER_TIMEOUT": 2.0,
    # Messages rendered with the page, sent in one history page, and in one catch-up batch.
    "PAGE_SIZE": 50,
    "RESUME_LIMIT": 500,
    # The template every page of the app extends.
    "BASE_TEMPLATE": "base.html",
    # The channel layer alias the app broadcasts on.
    "CHANNEL_LAYER": "default",
    # The site's public origin, for links in e-mails; empty: the SITE_URL setting, if any.
    "SITE_URL": "",
    # Groups of other sites (collaboration.federation): how many of a group's latest activities
    # a site reads when one of its people joins, and how long it waits to try again to catch up
    # with a group whose site does not answer (seconds).
    "FEDERATION_BACKFILL": 500,
    # What the site says of a member to other sites beyond their name: a dotted path to a
    # function `f(user) -> {"organisation": str, "icon_url": str | None}` (the site knows its
    # organisations; the app does not). Empty: the name only.
    "PUBLIC_PROFILE": "",
    "FEDERATION_SYNC_RETRY": 60,
}


def setting(name, default=None):
    if default is None:
        default = DEFAULTS.get(name)
    return getattr(settings, f"COLLABORATION_{name}", default)
