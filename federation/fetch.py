"""The one place that reaches the network: SSRF guard, timeouts, size cap, content type, id origin.

Every outgoing request goes through a client whose connections are opened by `_GuardedBackend`
(an httpcore network backend, given to the pool of our own `_GuardedTransport`): the host name
is resolved there and each address checked before the socket connects, so a redirect or a DNS
answer that changes between check and use (rebinding) cannot reach a private address. Redirects
are followed by hand, each one checked again.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .activitystreams import JSONError, loads
from .conf import setting, user_agent

AP_CONTENT_TYPES = {"application/activity+json", "application/ld+json"}
JRD_CONTENT_TYPES = {"application/jrd+json", "application/json"}
AP_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


class FetchError(Exception):
    """A remote document could not be fetched safely; `str()` says why (shown to editors)."""


class BlockedAddress(FetchError):
    pass


def address_is_public(ip: str) -> bool:
    """False for loopback, private, link-local, unspecified, multicast, reserved addresses, and
    IPv4-mapped/6to4/Teredo IPv6 forms of them."""
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return address_is_public(str(addr.ipv4_mapped))
        if addr.sixtofour is not None:
            return address_is_public(str(addr.sixtofour))
        if addr.teredo is not None:
            return address_is_public(str(addr.teredo[1]))
    return addr.is_global and not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_unspecified
        or addr.is_multicast
        or addr.is_reserved
    )


def private_allowed(ip: str) -> bool:
    """FEDERATION_ALLOW_PRIVATE_ADDRESSES: True (tests, local federation), False, or a list of
    networks ("127.0.0.1/32") that may be reached although not public."""
    allowed = setting("ALLOW_PRIVATE_ADDRESSES")
    if allowed is True:
        return True
    if not allowed:
        return False
    addr = ipaddress.ip_address(ip.split("%")[0])
    return any(addr in ipaddress.ip_network(net, strict=False) for net in allowed)


def address_allowed(ip: str) -> bool:
    return address_is_public(ip) or private_allowed(ip)


def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to, refused if any is not public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    for address in addresses:
        if not address_allowed(address):
            raise BlockedAddress(f"{host} resolves to a private address ({address})")
    return addresses


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses `resolve` approved, chosen at connection time."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last = None
        for address in resolve(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}")


# httpcore's exceptions -> httpx's (most specific first), as httpx's own HTTPTransport maps them.
_HTTPX_ERRORS = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors():
    try:
        yield
    except Exception as exc:
        for core_error, httpx_error in _HTTPX_ERRORS:
            if isinstance(exc, core_error):
                raise httpx_error(str(exc)) from exc
        raise


class _GuardedStream(httpx.SyncByteStream):
    def __init__(self, stream):
        self._stream = stream

    def __iter__(self):
        with _httpx_errors():
            yield from self._stream

    def close(self):
        if hasattr(self._stream, "close"):
            self._stream.close()


class _GuardedTransport(httpx.BaseTransport):
    """httpx.HTTPTransport's defaults (HTTP/1.1, verified TLS, no retries, no proxy), over an
    httpcore pool whose connections `_GuardedBackend` opens. httpx has no public way to give its
    own transport a network backend; httpcore's pool takes one."""

    def __init__(self):
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            retries=0,
            network_backend=_GuardedBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,  # the client's timeouts travel here
        )
        with _httpx_errors():
            response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_GuardedStream(response.stream),
            extensions=response.extensions,
        )

    def close(self):
        self._pool.close()


def check_url(url: str) -> str:
    """Refuse URLs we never fetch: not https (unless private addresses are allowed, for tests
    and local federation), credentials in the URL, no host. Returns the host."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError("malformed URL") from exc
    allowed = {"https", "http"} if setting("ALLOW_PRIVATE_ADDRESSES") else {"https"}
    if parts.scheme not in allowed:
        raise FetchError(f"only {'/'.join(sorted(allowed))} URLs are fetched")
    if not parts.hostname or parts.username or parts.password:
        raise FetchError("URL has no host or carries credentials")
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not address_allowed(str(literal)):
        raise BlockedAddress(f"{host} is a private address")
    return host


def timeout() -> httpx.Timeout:
    return httpx.Timeout(
        connect=setting("CONNECT_TIMEOUT"),
        read=setting("READ_TIMEOUT"),
        write=setting("READ_TIMEOUT"),
        pool=setting("CONNECT_TIMEOUT"),
    )


_local = threading.local()


def client() -> httpx.Client:
    """A per-thread pooled client whose connections go through the guard."""
    current = getattr(_local, "client", None)
    key = (
        repr(setting("ALLOW_PRIVATE_ADDRESSES")),
        setting("CONNECT_TIMEOUT"),
        setting("READ_TIMEOUT"),
        user_agent(),
    )
    if current is None or _local.key != key:
        current = httpx.Client(
            transport=_GuardedTransport(),
            timeout=timeout(),
            follow_redirects=False,
            headers={"User-Agent": user_agent()},
            trust_env=False,
        )
        _local.client, _local.key = current, key
    return current


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response larger than {max_bytes} bytes")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError("remote server too slow (total timeout)")
        chunks.append(chunk)
    return b"".join(chunks)


@contextlib.contextmanager
def _network_errors(timed_out: str, failed: str):
    """Network failures -> FetchError saying what failed. A FetchError raised by the guard while
    connecting (a private address) comes out as itself, not as a connection error."""
    try:
        yield
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError(timed_out) from exc
    except (httpx.HTTPError, httpcore.ConnectError) as exc:
        cause = exc.__context__
        if isinstance(cause, FetchError):
            raise cause from exc
        if isinstance(exc, (httpx.ConnectError, httpcore.ConnectError)):
            raise FetchError(f"{failed}: cannot connect") from exc
        raise FetchError(f"{failed}: {exc}") from exc


@dataclass
class Fetched:
    url: str
    status: int
    document: dict


def fetch_json(
    url: str,
    *,
    accept: str = AP_ACCEPT,
    content_types=AP_CONTENT_TYPES,
    signer=None,
    check_id: bool = True,
    max_bytes: int | None = None,
) -> Fetched:
    """GET a JSON document safely. `signer(method, url) -> headers` signs each hop (authorized
    fetch). The document's `id`, if any, must be on the host the response came from."""
    max_bytes = max_bytes or setting("MAX_FETCH_BYTES")
    deadline = time.monotonic() + setting("TOTAL_TIMEOUT")
    for _hop in range(setting("MAX_REDIRECTS") + 1):
        check_url(url)
        headers = {"Accept": accept}
        if signer is not None:
            headers.update(signer("GET", url))
        with (
            _network_errors(f"timed out fetching {url}", f"cannot fetch {url}"),
            client().stream("GET", url, headers=headers) as response,
        ):
            if response.is_redirect:
                location = response.headers.get("location")
                if not location:
                    raise FetchError("redirect without a Location")
                url = urljoin(url, location)
                continue
            if response.status_code == 410:
                raise FetchError("gone (410)")
            if response.status_code >= 400:
                raise FetchError(f"remote server answered {response.status_code}")
            if _content_type(response) not in content_types:
                raise FetchError(f"unexpected content type {_content_type(response) or 'none'}")
            body = _read_capped(response, max_bytes, deadline)
        try:
            document = loads(body)
        except JSONError as exc:
            raise FetchError(f"invalid JSON: {exc}") from exc
        if not isinstance(document, dict):
            raise FetchError("document is not a JSON object")
        if check_id and document.get("id") and not same_origin(document["id"], url):
            raise FetchError("document id is not on the host it was fetched from")
        return Fetched(url=url, status=response.status_code, document=document)
    raise FetchError("too many redirects")


def same_origin(a: str, b: str) -> bool:
    try:
        pa, pb = urlsplit(a), urlsplit(b)
    except (ValueError, AttributeError, TypeError):
        return False
    return bool(pa.netloc) and pa.scheme == pb.scheme and pa.netloc.lower() == pb.netloc.lower()


@dataclass
class PostResult:
    status: int
    text: str


def post(url: str, body: bytes, headers: dict) -> PostResult:
    """POST a body (deliveries). No redirects followed; the answer's first 500 characters kept."""
    check_url(url)
    deadline = time.monotonic() + setting("TOTAL_TIMEOUT")
    netloc = urlsplit(url).netloc
    with (
        _network_errors(f"timed out posting to {netloc}", f"cannot post to {netloc}"),
        client().stream("POST", url, content=body, headers=headers) as response,
    ):
        text = _read_capped(response, 64 * 1024, deadline)[:500].decode(errors="replace")
        return PostResult(response.status_code, text)


def split_handle(handle: str) -> tuple[str, str]:
    """`@name@host`, `name@host` or `acct:name@host` -> (name, host); empty parts when absent."""
    name, _sep, host = handle.strip().removeprefix("acct:").lstrip("@").partition("@")
    return name, host


def webfinger(handle: str) -> dict:
    """Resolve `@name@host` (or `acct:name@host`) to the JRD document, safely."""
    name, host = split_handle(handle)
    if not name or not host:
        raise FetchError("a handle looks like @name@host")
    scheme = "https"
    if setting("ALLOW_PRIVATE_ADDRESSES") and _is_local_host(host):
        scheme = "http"
    url = f"{scheme}://{host}/.well-known/webfinger?resource=acct:{name}@{host}"
    return fetch_json(
        url,
        accept="application/jrd+json, application/json",
        content_types=JRD_CONTENT_TYPES,
        check_id=False,
    ).document


def _is_local_host(host: str) -> bool:
    hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]")[0]
    if hostname == "localhost":
        return True
    try:
        return not address_is_public(hostname)
    except ValueError:
        return False


def actor_url_from_webfinger(jrd: dict) -> str:
    for link in jrd.get("links") or []:
        if (
            isinstance(link, dict)
            and link.get("rel") == "self"
            and link.get("type", "").split(";")[0].strip() in AP_CONTENT_TYPES
            and isinstance(link.get("href"), str)
        ):
            return link["href"]
    raise FetchError("the handle has no ActivityPub actor")


def dumps(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
