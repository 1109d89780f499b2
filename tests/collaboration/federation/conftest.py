"""Fixtures of working groups across sites: this site hosts groups (or keeps copies of other
sites' groups), and a real HTTP server on 127.0.0.1 plays the other site."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.collaboration.conftest import make_world
from tests.federation.conftest import (
    FIXTURES,
    fed_settings,  # noqa: F401 - the federation tests' settings, used by `world`
    replace_all,
    signed_post,
    start_remote_server,
)

GROUPS = FIXTURES / "groups"


@pytest.fixture
def peer():
    """Another site on 127.0.0.1 (its people, and its groups when a test gives it one)."""
    remote, httpd = start_remote_server()
    yield remote
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def world(db, fed_settings):  # noqa: F811 - the imported fixture
    return make_world()


def activity_id(peer) -> str:
    return f"{peer.url}/activities/{uuid.uuid4()}"


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """POST a signed activity to our inbox, then run what it queued for after the commit (its
    deliveries, with the immediate task backend of the tests)."""

    def post(document, keys, path="/ap/inbox"):
        with django_capture_on_commit_callbacks(execute=True):
            response, _headers, _body = signed_post(client, path, document, keys)
        return response

    return post


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a verb and what it queued for after the commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def sent(peer, kind=None):
    """The activities posted to the peer, optionally of one type."""
    docs = [json.loads(r.body) for r in peer.posts()]
    return [d for d in docs if kind is None or d.get("type") == kind]


def group_fixture(name: str, replacements: dict) -> dict:
    return replace_all(json.loads((GROUPS / name).read_text()), replacements)


def numbered(peer):
    """The group's numbered Announces posted to the peer (not the bare ones for Mastodon)."""
    return [d for d in sent(peer, "Announce") if "seq" in d]
