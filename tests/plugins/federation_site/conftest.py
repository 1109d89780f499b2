"""The federation site's fixtures: a follower on a real HTTP server on 127.0.0.1."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class FollowerServer:
    """A remote server whose inbox records what it is sent and answers 202."""

    url: str = ""
    posts: list = field(default_factory=list)


def _handler(server: FollowerServer):
    class Inbox(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            server.posts.append((self.path, dict(self.headers.items()), json.loads(body)))
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Inbox


@pytest.fixture
def follower_server():
    """A real HTTP server on a free port of 127.0.0.1 playing a follower's server."""
    server = FollowerServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site_actor(db):
    """The site's own actor, as `migrate` made it."""
    from federation.models import Actor

    return Actor.objects.get(is_network=True)


@pytest.fixture
def follower(site_actor, follower_server):
    """A remote actor that follows the site's actor (its Follow was accepted)."""
    from federation.models import Follow, RemoteActor

    remote = RemoteActor.objects.create(
        uri=f"{follower_server.url}/users/ada",
        domain=follower_server.url.split("//", 1)[1],
        username="ada",
        inbox=f"{follower_server.url}/users/ada/inbox",
        shared_inbox=f"{follower_server.url}/inbox",
    )
    Follow.objects.create(
        local_actor=site_actor,
        remote_actor=remote,
        direction=Follow.INCOMING,
        state=Follow.ACCEPTED,
    )
    return remote
