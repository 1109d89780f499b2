"""The safe fetcher: what a hostile or broken remote server cannot make us do."""

import json
import socket
import threading
import time

import pytest

from federation import fetch
from federation.fetch import BlockedAddress, FetchError, address_is_public, fetch_json


@pytest.fixture
def loopback_only(fed_settings):
    """Only 127.0.0.1 may be reached (where the test server runs); every other private address
    is refused as in production."""
    fed_settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = ["127.0.0.1/32"]
    return fed_settings


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",
    ],
)
def test_private_addresses_are_not_public(ip):
    """Loopback, private, link-local, unspecified, CGNAT and IPv4-mapped/6to4 forms are private."""
    assert not address_is_public(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_public(ip):
    """Ordinary public IPv4 and IPv6 addresses may be reached."""
    assert address_is_public(ip)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/users/a",
        "https://10.0.0.8/users/a",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/users/a",
        "https://[::ffff:127.0.0.1]/users/a",
        "https://0.0.0.0/users/a",
        "https://localhost/users/a",
    ],
)
def test_private_targets_are_refused(settings, url):
    """In production, an actor URL on a private address is refused before any connection."""
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(BlockedAddress):
        fetch_json(url)


def test_plain_http_is_refused_in_production(settings):
    """In production, plain http URLs are not fetched: the error says https is required."""
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match="https"):
        fetch_json("http://example.org/users/a")


def test_credentials_in_url_are_refused(settings):
    """A URL carrying a user name and password is never fetched."""
    with pytest.raises(FetchError):
        fetch_json("https://user:pass@example.org/users/a")


def test_fetches_an_actor(fed_settings, remote_server):
    """A well-formed actor on an allowed server is fetched."""
    actor = remote_server.add_actor("alice")
    fetched = fetch_json(actor.uri)
    assert fetched.document["id"] == actor.uri
    assert remote_server.received[0].headers["Accept"].startswith("application/activity+json")


def test_redirect_to_private_address_is_refused(loopback_only, remote_server):
    """A redirect towards an internal address is checked like the first URL and refused."""
    remote_server.raw["/users/bob"] = (302, {"Location": "http://10.0.0.1/users/bob"}, b"")
    with pytest.raises(BlockedAddress):
        fetch_json(f"{remote_server.url}/users/bob")


def test_redirect_to_localhost_name_is_refused(loopback_only, remote_server):
    """A redirect to a name resolving to another loopback address is refused at connect time."""
    remote_server.raw["/users/bob"] = (302, {"Location": "http://[::1]:1/users/bob"}, b"")
    with pytest.raises(BlockedAddress):
        fetch_json(f"{remote_server.url}/users/bob")


def test_redirect_is_followed_and_checked(loopback_only, remote_server):
    """A redirect on an allowed server is followed to the actor it points to."""
    actor = remote_server.add_actor("alice")
    remote_server.raw["/@alice"] = (301, {"Location": "/users/alice"}, b"")
    assert fetch_json(f"{remote_server.url}/@alice").document["id"] == actor.uri


def test_too_many_redirects(loopback_only, remote_server):
    """A redirect loop stops after the allowed number of hops with 'too many redirects'."""
    remote_server.raw["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_json(f"{remote_server.url}/loop")


def test_oversized_response_is_refused(loopback_only, remote_server):
    """A document larger than the cap is refused without being read whole."""
    loopback_only.FEDERATION_MAX_FETCH_BYTES = 1000
    body = b'{"id": "x", "pad": "' + b"a" * 5000 + b'"}'
    remote_server.raw["/big"] = (200, {"Content-Type": "application/activity+json"}, body)
    with pytest.raises(FetchError, match="larger than"):
        fetch_json(f"{remote_server.url}/big")


def test_wrong_content_type_is_refused(loopback_only, remote_server):
    """An HTML page where an actor was expected is refused."""
    remote_server.raw["/users/x"] = (200, {"Content-Type": "text/html"}, b"<html></html>")
    with pytest.raises(FetchError, match="content type"):
        fetch_json(f"{remote_server.url}/users/x")


def test_document_id_on_another_host_is_refused(loopback_only, remote_server):
    """A server cannot serve a document claiming to be another server's."""
    remote_server.documents["/users/mallory"] = {
        "id": "https://mastodon.social/users/Gargron",
        "type": "Person",
    }
    with pytest.raises(FetchError, match="not on the host"):
        fetch_json(f"{remote_server.url}/users/mallory")


def test_deeply_nested_document_is_refused(loopback_only, remote_server):
    """A fetched document nested too deeply is refused instead of exhausting the parser."""
    body = b"[" * 5000 + b"]" * 5000
    remote_server.raw["/deep"] = (200, {"Content-Type": "application/activity+json"}, body)
    with pytest.raises(FetchError, match="nested"):
        fetch_json(f"{remote_server.url}/deep")


def test_hanging_server_costs_one_read_timeout(loopback_only):
    """A server that accepts the connection and never answers costs the read timeout, no more."""
    loopback_only.FEDERATION_READ_TIMEOUT = 0.5
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    port = listener.getsockname()[1]
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="timed out"):
            fetch_json(f"http://127.0.0.1:{port}/users/slow")
    finally:
        listener.close()
    assert time.monotonic() - started < 3


def test_closed_port_is_a_fetch_error(loopback_only):
    """A server that refuses the connection is a FetchError, not a crash."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError):
        fetch_json(f"http://127.0.0.1:{port}/users/none")


def test_webfinger_resolves_a_handle(loopback_only, remote_server):
    """@alice@127.0.0.1:PORT is resolved to its actor URL through WebFinger."""
    actor = remote_server.add_actor("alice")
    host = f"127.0.0.1:{remote_server.port}"
    remote_server.raw["/.well-known/webfinger"] = (
        200,
        {"Content-Type": "application/jrd+json"},
        json.dumps(
            {
                "subject": f"acct:alice@{host}",
                "links": [{"rel": "self", "type": "application/activity+json", "href": actor.uri}],
            }
        ).encode(),
    )
    jrd = fetch.webfinger(f"@alice@{host}")
    assert fetch.actor_url_from_webfinger(jrd) == actor.uri
