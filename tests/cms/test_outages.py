"""Redis unreachable: the site serves its pages uncached and says which component is down.

These run in the test process, with the cache and channel layer that `cms.settings.base` builds
for a REDIS_URL (so they test what production gets), pointed at a closed port or, for a Redis
that goes away and comes back, at a TCP proxy in front of the real Redis. The same faults
against real server processes are in tests/e2e/test_outages.py.
"""

import logging
import os
import runpy
import socket
import time
from unittest import mock

import pytest
from django.test import Client

from cms.settings import base as base_settings
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org

directory = members_helpers.directory
themes = members_helpers.themes

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def redis_settings(url, prefix="houtages-unit"):
    """CACHES and CHANNEL_LAYERS exactly as cms.settings.base builds them for this REDIS_URL."""
    with mock.patch.dict(os.environ, {"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix}):
        built = runpy.run_path(base_settings.__file__)
    return built["CACHES"], built["CHANNEL_LAYERS"]


def real_redis_url():
    """The Redis the suite may use (REDIS_URL, else the local default), or skip saying why."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _sep, port = host_port.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1):
            return url
    except OSError:
        pytest.skip(f"Redis is not reachable at {host_port}: this test needs a real Redis")


def reset_outage_state():
    """The cache believed reachable, as in a process that has not tried it yet."""
    from cms import cache as resilient
    from cms import page_cache

    resilient.OUTAGE.down_since = None
    resilient.OUTAGE.retry_at = 0.0
    page_cache._outages_seen = resilient.OUTAGE.count


@pytest.fixture(autouse=True)
def fresh_outage_state():
    """Each test starts with the cache believed reachable, and leaves it so."""
    reset_outage_state()
    yield
    reset_outage_state()


@pytest.fixture
def unreachable_redis(settings):
    caches, layers = redis_settings(CLOSED_PORT_URL)
    settings.CACHES = caches
    settings.CHANNEL_LAYERS = layers
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def network_feed(home):
    from federation.models import NetworkFeedPage

    feed = NetworkFeedPage(title="From allied networks", slug="network")
    home.add_child(instance=feed)
    feed.save_revision().publish()
    return feed


def test_pages_are_served_uncached_when_redis_is_unreachable(
    unreachable_redis, home, directory, themes, network_feed, caplog
):
    """With Redis down, the home page, the directory, an organisation, the network feed, the
    sign-in page, search and the working groups still answer 200, and the log says so once,
    not with a traceback per request."""
    lille = make_org(directory, "Lille")
    reset_outage_state()  # as in a web process that starts with Redis down
    urls = [
        home.url,
        directory.url,
        lille.url,
        network_feed.url,
        "/en/membership/login/",
        "/en/search/?q=culture",
        "/en/groups/",
    ]
    with caplog.at_level(logging.WARNING):
        for _round in range(3):
            for url in urls:
                response = Client().get(url)
                assert response.status_code == 200, url
    cache_records = [r for r in caplog.records if r.name == "cms.cache"]
    assert len(cache_records) == 1
    assert "unreachable" in cache_records[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_an_unreachable_cache_is_not_asked_on_every_call(unreachable_redis, home):
    """After one failure the cache is left alone for a few seconds: a Redis that hangs costs one
    timeout per interval, not one per request."""
    from django.core.cache import cache
    from redis.connection import Connection

    reset_outage_state()
    with mock.patch.object(Connection, "connect", side_effect=ConnectionError("down")) as connect:
        for _ in range(5):
            assert Client().get(home.url).status_code == 200
            assert cache.get("anything") is None
    assert connect.call_count == 1


def test_readiness_lists_what_is_down_and_still_answers_200(unreachable_redis, home):
    """A load balancer reading /readyz keeps the process (200: pages are served) and sees that
    the cache and the channel layer are down."""
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    components = body["components"]
    assert components["database"]["state"] == "up"
    assert components["cache"]["state"] == "down"
    assert "Connection" in components["cache"]["error"]
    assert components["channel_layer"]["state"] == "down"
    assert response["Cache-Control"].startswith("max-age=0")


def test_readiness_is_ok_when_everything_answers(home):
    """On the embedded stack (SQLite, per-process cache and layer) every component is up."""
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: c["state"] for name, c in body["components"].items()} == {
        "database": "up",
        "cache": "up",
        "channel_layer": "up",
        "tasks": "up",
    }


def test_readiness_reports_the_task_backlog(settings, home):
    """Ready tasks that waited past the limit (no worker takes them) show as a degraded queue,
    with how many wait and for how long."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from cms.members.tasks import send_contact_message_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_contact_message_task.enqueue(0)
    send_contact_message_task.enqueue(0)
    assert Client().get("/readyz").json()["components"]["tasks"]["state"] == "up"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    tasks = Client().get("/readyz").json()["components"]["tasks"]
    assert tasks["state"] == "degraded"
    assert tasks["ready"] == 2
    assert tasks["oldest_ready_age_seconds"] >= 1199


def test_liveness_needs_nothing_but_the_process(unreachable_redis):
    """/healthz answers 200 whatever is down, so that an outage elsewhere does not get healthy
    processes restarted."""
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_publication_made_while_redis_was_down_is_seen_once_it_is_back(settings, make_news):
    """An article edited and published while Redis was unreachable (its page stored before)
    shows its new title once Redis is back, not the copy stored before the outage."""
    from cms import cache as resilient
    from tests.tcp_proxy import TcpProxy

    url = real_redis_url()
    target = url.split("//", 1)[1].split("/", 1)
    host, _sep, port = target[0].rpartition(":")
    database = target[1] if len(target) > 1 else "0"
    proxy = TcpProxy(host or "127.0.0.1", int(port or 6379)).start()
    caches, _layers = redis_settings(
        f"redis://127.0.0.1:{proxy.port}/{database}", prefix=f"test-outages-{time.time_ns()}"
    )
    try:
        settings.CACHES = caches
        settings.PAGE_CACHE_SECONDS = 300
        article = make_news(1, title="Culture in cities")[0]
        assert b"Culture in cities" in Client().get(article.url).content
        assert b"Culture in cities" in Client().get(article.url).content  # now stored
        proxy.cut()
        article.title = "Culture in the regions"
        article.save_revision().publish()
        assert b"Culture in the regions" in Client().get(article.url).content  # uncached
        proxy.restore()
        resilient.OUTAGE.retry_at = 0.0  # the few seconds the cache is left alone have passed
        page = Client().get(article.url).content
        assert b"Culture in the regions" in page
        assert not resilient.OUTAGE.down
    finally:
        proxy.close()
        _delete_keys(url, caches["default"]["KEY_PREFIX"])


def _delete_keys(url, prefix):
    """The test's keys out of the shared Redis (the generation counter never expires)."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
