"""The WebSocket origin check: a socket opens only from a page of the site itself.

Channels' AllowedHostsOriginValidator compares the host alone, so a page served from the same
host on another port or over the other scheme (`http://127.0.0.1:9999`, `https://localhost`)
could open the chat socket with a member's cookie. Here the whole origin must match one of the
site's own: scheme, host and port.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def normalize_origin(value: str) -> str:
    """`scheme://host:port` in lower case with the port always written, or "" if `value` is not
    an http(s) origin (a path, a query, user info, `null`, a bad port ...)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return ""
    if parts.username or parts.password or parts.query or parts.fragment:
        return ""
    if parts.path not in ("", "/"):
        return ""
    host = parts.hostname.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}"


def allowed_origins() -> set[str]:
    """The site's own origins: SITE_URL's, those in WEBSOCKET_ALLOWED_ORIGINS (the settings add
    CSRF_TRUSTED_ORIGINS, and the loopback names on SITE_URL's port in development)."""
    values = [settings.SITE_URL, *getattr(settings, "WEBSOCKET_ALLOWED_ORIGINS", ())]
    return {origin for origin in map(normalize_origin, values) if origin}


def origin_allowed(header: bytes | None) -> bool:
    if not header:
        return False
    try:
        value = header.decode("ascii")
    except UnicodeDecodeError:
        return False
    origin = normalize_origin(value)
    return bool(origin) and origin in allowed_origins()


class SiteOriginValidator:
    """ASGI middleware for the WebSocket router: refuses (closes before accepting) a handshake
    whose Origin header is missing, `null`, malformed or not one of the site's own origins."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SiteOriginValidator is for WebSocket connections only")
        origins = [value for name, value in scope.get("headers", ()) if name == b"origin"]
        if len(origins) == 1 and origin_allowed(origins[0]):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
