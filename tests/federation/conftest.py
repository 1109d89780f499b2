"""Federation fixtures: a real remote ActivityPub server on 127.0.0.1, keys, signed posts."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from federation.models import generate_keypair
from federation.signatures import sign_cavage, sign_rfc9421

FIXTURES = Path(__file__).parent / "fixtures"
SITE = "http://testserver"
_KEYS: list[tuple[str, str]] = []


def keypair(n: int = 0) -> tuple[str, str]:
    """RSA test keys, made once per session (key generation is slow)."""
    while len(_KEYS) <= n:
        _KEYS.append(generate_keypair())
    return _KEYS[n]


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class RemoteServer:
    """A tiny ActivityPub server: serves documents, records what is posted to it."""

    host: str
    port: int
    documents: dict = field(default_factory=dict)
    received: list = field(default_factory=list)
    post_status: int = 202
    delay: float = 0.0
    content_type: str = "application/activity+json"
    raw: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def add_actor(
        self, name: str = "alice", key: int = 0, shared_inbox: bool = True
    ) -> RemoteActorKeys:
        private, public = keypair(key)
        uri = f"{self.url}/users/{name}"
        doc = json.loads((FIXTURES / "mastodon-actor.json").read_text())
        doc = replace_all(
            doc, {"https://social.tcit.fr/users/tcit": uri, "https://social.tcit.fr": self.url}
        )
        doc["preferredUsername"] = name
        doc["publicKey"]["publicKeyPem"] = public
        if not shared_inbox:
            doc.pop("endpoints")
        self.documents[f"/users/{name}"] = doc
        return RemoteActorKeys(uri=uri, key_id=f"{uri}#main-key", private_pem=private, server=self)

    def posts(self, path: str | None = None) -> list[Received]:
        return [r for r in self.received if r.method == "POST" and (path is None or r.path == path)]

    def wait_for_posts(self, count: int, timeout: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.posts()) < count:
            time.sleep(0.02)
        return self.posts()


@dataclass
class RemoteActorKeys:
    uri: str
    key_id: str
    private_pem: str
    server: RemoteServer

    def rotate(self, key: int):
        """Publish a new key (the remote server rotated it)."""
        private, public = keypair(key)
        path = self.uri.split(self.server.url, 1)[1]
        self.server.documents[path]["publicKey"]["publicKeyPem"] = public
        self.private_pem = private


def replace_all(value, replacements: dict):
    text = json.dumps(value)
    for old, new in replacements.items():
        text = text.replace(old, new)
    return json.loads(text)


def _handler(server: RemoteServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _record(self, body=b""):
            server.received.append(
                Received(self.command, self.path, dict(self.headers.items()), body)
            )

        def do_GET(self):
            self._record()
            if server.delay:
                time.sleep(server.delay)
            path = self.path.split("?")[0]
            if path in server.raw:
                status, headers, body = server.raw[path]
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            doc = server.documents.get(path)
            if doc is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", server.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            self._record(body)
            if server.delay:
                time.sleep(server.delay)
            self.send_response(server.post_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def start_remote_server(host: str = "127.0.0.1") -> tuple[RemoteServer, ThreadingHTTPServer]:
    remote = RemoteServer(host=host, port=0)
    httpd = ThreadingHTTPServer((host, 0), _handler(remote))
    httpd.daemon_threads = True
    remote.port = httpd.server_address[1]
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return remote, httpd


@pytest.fixture
def remote_server():
    """A real HTTP server on 127.0.0.1 playing a remote ActivityPub server."""
    remote, httpd = start_remote_server()
    yield remote
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fed_settings(settings):
    """Ids on http://testserver (the test client's host), loopback allowed, short timeouts."""
    settings.FEDERATION_SITE_URL = SITE
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEDERATION_NETWORK_ACTOR = "like"
    settings.FEDERATION_CONNECT_TIMEOUT = 2.0
    settings.FEDERATION_READ_TIMEOUT = 2.0
    settings.FEDERATION_TOTAL_TIMEOUT = 5.0
    return settings


@pytest.fixture
def network(db, fed_settings):
    from federation.actors import ensure_network_actor

    return ensure_network_actor(name="LIKE")


@pytest.fixture
def follower(network, remote_server):
    """Alice on the remote server follows the network (an accepted incoming Follow)."""
    from federation.models import Follow, RemoteActor

    keys = remote_server.add_actor("alice")
    doc = remote_server.documents["/users/alice"]
    remote = RemoteActor.objects.create(
        uri=keys.uri,
        domain=f"127.0.0.1:{remote_server.port}",
        inbox=doc["inbox"],
        shared_inbox=doc["endpoints"]["sharedInbox"],
    )
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.INCOMING, state=Follow.ACCEPTED
    )
    return remote


@pytest.fixture
def alice(remote_server):
    return remote_server.add_actor("alice")


def load_fixture(name: str, replacements: dict | None = None) -> dict:
    doc = json.loads((FIXTURES / name).read_text())
    return replace_all(doc, replacements or {})


def signed_post(
    client,
    path: str,
    document,
    signer: RemoteActorKeys,
    *,
    scheme="cavage",
    now=None,
    body: bytes | None = None,
    extra_headers: dict | None = None,
    algorithm="rsa-sha256",
):
    """POST `document` to our inbox at `path`, signed by `signer`, through the test client."""
    body = body if body is not None else json.dumps(document).encode()
    url = SITE + path
    if scheme == "cavage":
        headers = sign_cavage(
            "POST",
            url,
            key_id=signer.key_id,
            private_key_pem=signer.private_pem,
            body=body,
            now=now,
            algorithm=algorithm,
        )
    else:
        headers = sign_rfc9421(
            "POST",
            url,
            key_id=signer.key_id,
            private_key_pem=signer.private_pem,
            body=body,
            now=now,
        )
    headers.update(extra_headers or {})
    headers.setdefault("Host", "testserver")
    headers.pop("Content-Type", None)
    return (
        client.generic(
            "POST", path, body, content_type="application/activity+json", headers=headers
        ),
        headers,
        body,
    )


@pytest.fixture
def admin_client(client, django_user_model, home):
    """The test client, signed in as a superuser of the Wagtail admin."""
    user = django_user_model.objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(user)
    return client
