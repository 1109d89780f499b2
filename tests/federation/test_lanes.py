"""Task lanes: what a peer waits for is not queued behind what nobody waits for."""

import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from federation.delivery import send
from federation.models import Delivery
from federation.queueing import BULK, DEFAULT, REALTIME, lane

from .conftest import load_fixture, signed_post

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["realtime", "default", "bulk"],
    }
}


def publish_to_many(network, count):
    """A publication fanned out to `count` inboxes on a server that is not there."""
    inboxes = [f"http://192.0.2.1/users/u{n}/inbox" for n in range(count)]
    return send(network, {"type": "Create", "actor": network.uri, "object": {}}, inboxes=inboxes)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_follow_is_answered_ahead_of_a_publication_backlog(
    client, network, remote_server, settings
):
    """A Follow that arrives behind a publication to 300 followers gets its Accept from the
    realtime lane's worker at once, without waiting for any of the 300 deliveries (the lane's
    worker alone here: the immediate attempt after the commit is turned off)."""
    settings.FEDERATION_REALTIME_IMMEDIATE = False
    alice = remote_server.add_actor("alice")
    publish_to_many(network, 300)
    follow = load_fixture(
        "mastodon-follow.json",
        {
            "http://localtesting.pleroma.lol/users/lain": network.uri,
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": remote_server.url,
        },
    )
    response, _h, _b = signed_post(client, "/ap/inbox", follow, alice)
    assert response.status_code == 202, response.content

    realtime = DBTaskResult.objects.ready().filter(queue_name="realtime")
    assert realtime.count() == 1
    # A worker of every lane would take it first too: it outranks the backlog.
    assert DBTaskResult.objects.ready().first().pk == realtime.get().pk
    assert DBTaskResult.objects.ready().filter(queue_name="bulk").count() == 300

    call_command(
        "db_worker",
        batch=True,
        queue_name="realtime",
        startup_delay=False,
        interval=0,
        verbosity=0,
    )
    posts = remote_server.wait_for_posts(1)
    assert [p.json()["type"] for p in posts] == ["Accept"]
    assert Delivery.objects.filter(state=Delivery.PENDING).count() == 300


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_realtime_delivery_leaves_at_once_with_a_retry_queued(client, network, remote_server):
    """Behind the same backlog, with no worker running at all, the Accept is posted by the
    process that received the Follow right after its commit; the queued task that would retry
    it (due a few seconds later) finds it delivered and sends nothing twice."""
    alice = remote_server.add_actor("alice")
    publish_to_many(network, 300)
    follow = load_fixture(
        "mastodon-follow.json",
        {
            "http://localtesting.pleroma.lol/users/lain": network.uri,
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": remote_server.url,
        },
    )
    response, _h, _b = signed_post(client, "/ap/inbox", follow, alice)
    assert response.status_code == 202, response.content
    posts = remote_server.wait_for_posts(1)
    assert [p.json()["type"] for p in posts] == ["Accept"]
    fallback = DBTaskResult.objects.get(queue_name="realtime")
    assert fallback.run_after is not None
    accept = Delivery.objects.get(activity__activity_type="Accept")
    deadline = time.monotonic() + 5
    while accept.state != Delivery.DELIVERED and time.monotonic() < deadline:
        accept.refresh_from_db()
    assert accept.state == Delivery.DELIVERED
    # The retry, run now, does nothing: one Accept in all.
    from federation.delivery import attempt_delivery

    assert attempt_delivery(accept.pk) == Delivery.DELIVERED
    assert len(remote_server.posts()) == 1


def test_lanes_fall_back_to_the_default_queue(settings, db):
    """On a site whose task backend lists no lanes (a bare Wagtail site), federation's work runs
    in the default queue instead of failing to queue."""
    from federation.publishing import publish_page

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for name in (REALTIME, DEFAULT, BULK):
        assert lane(publish_page, name).queue_name == "default"
    settings.TASKS = DATABASE_QUEUE
    assert lane(publish_page, REALTIME).queue_name == "realtime"
    assert lane(publish_page, BULK).priority < lane(publish_page, DEFAULT).priority
    assert lane(publish_page, DEFAULT).priority < lane(publish_page, REALTIME).priority
