"""FEDERATION_* settings with their defaults, read when used so tests can override them."""

from urllib.parse import urlsplit

from django.conf import settings

DEFAULTS = {
    # The public origin of every id; never the request's Host header.
    "SITE_URL": None,
    # Username of the site's own actor (the network), e.g. "like".
    "NETWORK_ACTOR": "network",
    "NETWORK_ACTOR_TYPE": "Organization",
    "NETWORK_ACTOR_NAME": None,
    "NETWORK_ACTOR_SUMMARY": "",
    # Loopback and private addresses are refused unless this is set (tests, local federation).
    "ALLOW_PRIVATE_ADDRESSES": False,
    "MAX_INBOX_BYTES": 256 * 1024,
    "MAX_FETCH_BYTES": 1024 * 1024,
    "MAX_JSON_DEPTH": 32,
    "MAX_REDIRECTS": 3,
    # Seconds a signed request's Date may differ from our clock.
    "DATE_WINDOW": 3600,
    "CONNECT_TIMEOUT": 5.0,
    "READ_TIMEOUT": 10.0,
    "TOTAL_TIMEOUT": 30.0,
    # Show the followers' list, or only its count.
    "FOLLOWERS_COLLECTION_PUBLIC": False,
    "COLLECTION_PAGE_SIZE": 20,
    "USER_AGENT": None,
    # Seconds a remote key is trusted before it is fetched again.
    "KEY_CACHE_SECONDS": 24 * 3600,
    # A key that fails to verify is fetched again (rotation), at most this often per key.
    "KEY_REFETCH_SECONDS": 60,
    # Consecutive failures that open a host's circuit, and for how long (seconds).
    "CIRCUIT_FAILURES": 5,
    "CIRCUIT_OPEN_SECONDS": 600,
    # Sign outgoing POSTs with RFC 9421 too, for hosts known to accept it.
    "RFC9421_HOSTS": (),
    # The queues of the task lanes (see federation/queueing.py): replies a peer waits for
    # (Accept), and work nobody waits for (a publication's fan-out). A backend whose QUEUES lack
    # them runs that work in its default queue.
    "REALTIME_QUEUE": "realtime",
    "BULK_QUEUE": "bulk",
    # Realtime deliveries (a chat message to another site) are attempted at once after the commit
    # by the process that wrote them, on up to REALTIME_THREADS threads; their queued task runs
    # REALTIME_FALLBACK_SECONDS later and retries what did not go.
    "REALTIME_IMMEDIATE": True,
    "REALTIME_THREADS": 8,
    "REALTIME_FALLBACK_SECONDS": 10,
    # One queue for every delivery, whatever its lane (the delivery benchmark); None: the lanes.
    "DELIVERY_QUEUE": None,
    # A delivery still pending this long after it was made lost its task: `federation_retry`
    # queues it again.
    "PENDING_SWEEP_SECONDS": 3600,
    # `federation_reconcile` leaves alone pages published less than this long ago: their task
    # is probably still in the queue.
    "RECONCILE_GRACE_SECONDS": 300,
    # Sign outgoing POSTs (turned off only to measure what signing costs).
    "SIGN_DELIVERIES": True,
    # The network feed: the template its page extends (block `content`), posts per page.
    "BASE_TEMPLATE": "base.html",
    "FEED_PAGE_SIZE": 20,
    # Remote HTML longer than this (characters) is cut before sanitising; maps hold at most
    # MAX_LANGUAGES languages.
    "MAX_POST_CHARS": 50_000,
    "MAX_LANGUAGES": 30,
    # Followed actors' profiles (and keys) older than this are fetched again by the periodic
    # refresh (`manage.py federation_refresh_actors`).
    "ACTOR_REFRESH_SECONDS": 24 * 3600,
    # Recent public posts read from an actor's outbox when an editor follows it (0: none).
    "BACKFILL_POSTS": 20,
    "SOFTWARE_NAME": "rencontres",
    "SOFTWARE_VERSION": "0.1.0",
}


def setting(name, default=None):
    if default is None:
        default = DEFAULTS.get(name)
    return getattr(settings, f"FEDERATION_{name}", default)


def site_url() -> str:
    url = setting("SITE_URL") or getattr(settings, "SITE_URL", "") or "http://localhost"
    return url.rstrip("/")


def site_host() -> str:
    """host[:port] of the public origin, as used in acct: handles."""
    return urlsplit(site_url()).netloc


def user_agent() -> str:
    ua = setting("USER_AGENT")
    if ua:
        return ua
    return f"{setting('SOFTWARE_NAME')}/{setting('SOFTWARE_VERSION')} (+{site_url()}/)"
