"""Delivery: one signed POST per server, retries spread over two days, dead servers left alone."""

import datetime as dt
import random
import socket
import threading

import pytest
from django.test import override_settings

from federation import delivery
from federation.delivery import RETRY_DELAYS, fan_out, record_activity, retry_at
from federation.models import Delivery, DomainBlock, Follow, HostHealth, RemoteActor
from federation.signatures import parse_signed_request

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


def test_retry_schedule_grows_over_about_two_days():
    """Each retry waits longer than the last; all of them span about two days; then we give up."""
    rng = random.Random(4)
    times = []
    now = NOW
    for attempt in range(1, len(RETRY_DELAYS) + 1):
        now = retry_at(attempt, now, rng)
        times.append(now)
    gaps = [(b - a).total_seconds() for a, b in zip([NOW, *times], times, strict=False)]
    assert gaps == sorted(gaps)
    total = times[-1] - NOW
    assert dt.timedelta(hours=36) < total < dt.timedelta(hours=54)
    assert retry_at(len(RETRY_DELAYS) + 1, now, rng) is None


def test_retry_schedule_has_jitter_within_ten_percent():
    """Retries of many deliveries do not all fire at the same second."""
    firsts = {retry_at(1, NOW, random.Random(seed)) for seed in range(20)}
    assert len(firsts) > 10
    for when in firsts:
        assert 54 <= (when - NOW).total_seconds() <= 66


def follower(network, server, name, shared=True):
    """A remote follower served by `server`."""
    keys = server.add_actor(name, shared_inbox=shared)
    doc = server.documents[f"/users/{name}"]
    remote = RemoteActor.objects.create(
        uri=keys.uri,
        domain=f"127.0.0.1:{server.port}",
        inbox=doc["inbox"],
        shared_inbox=doc.get("endpoints", {}).get("sharedInbox", ""),
    )
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.INCOMING, state=Follow.ACCEPTED
    )
    return remote


def create_activity(network):
    return record_activity(
        network, {"type": "Create", "actor": network.uri, "object": {"type": "Note"}}
    )


def test_one_post_per_shared_inbox(network, remote_server, django_capture_on_commit_callbacks):
    """Three followers on one server with a shared inbox, one without: two POSTs, each signed."""
    for name in ("a", "b", "c"):
        follower(network, remote_server, name)
    follower(network, remote_server, "d", shared=False)
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    assert Delivery.objects.count() == 2
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.DELIVERED}
    posts = remote_server.posts()
    assert sorted(p.path for p in posts) == ["/inbox", "/users/d/inbox"]
    for post in posts:
        signed = parse_signed_request(
            "POST", remote_server.url + post.path, post.headers, post.body
        )
        signed.verify(network.public_key_pem)
        assert signed.key_id == network.key_id
        assert post.headers["Content-Type"].startswith("application/activity+json")


def test_delivery_is_idempotent(network, remote_server, django_capture_on_commit_callbacks):
    """Running a delivery that already succeeded again sends nothing more to the peer."""
    follower(network, remote_server, "a")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    row = Delivery.objects.get()
    assert delivery.attempt_delivery(row.pk) == Delivery.DELIVERED
    assert len(remote_server.posts()) == 1


def test_server_error_is_retried_later(network, remote_server, django_capture_on_commit_callbacks):
    """A 500 is recorded with its status; the delivery waits for its next attempt."""
    remote_server.post_status = 500
    follower(network, remote_server, "a")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    row = Delivery.objects.get()
    assert row.state == Delivery.RETRYING
    assert row.attempts == 1 and row.status_code == 500
    assert "HTTP 500" in row.last_error
    assert row.next_attempt_at > row.last_attempt_at


def test_retry_is_enqueued_for_later(network, remote_server, django_capture_on_commit_callbacks):
    """With a queue that can defer, the next attempt is queued with run_after = next_attempt_at."""
    remote_server.post_status = 503
    follower(network, remote_server, "a")
    activity = create_activity(network)
    row = Delivery.objects.create(
        activity=activity, inbox_url=f"{remote_server.url}/inbox", host="127.0.0.1"
    )
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        from django_tasks import default_task_backend

        with django_capture_on_commit_callbacks(execute=True):
            assert delivery.attempt_delivery(row.pk) == Delivery.RETRYING
        results = [r for r in default_task_backend.results if r.task.name == "deliver"]
    row.refresh_from_db()
    assert len(results) == 1
    assert results[0].task.name == "deliver"
    assert results[0].args == [row.pk]
    assert results[0].task.run_after == row.next_attempt_at


def test_client_error_gives_up_at_once(network, remote_server, django_capture_on_commit_callbacks):
    """A 4xx means the peer refuses this activity: no retry, the reason is kept."""
    remote_server.post_status = 403
    follower(network, remote_server, "a")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    row = Delivery.objects.get()
    assert row.state == Delivery.GAVE_UP
    assert "HTTP 403" in row.last_error


def test_gives_up_after_the_last_retry(network, remote_server, django_capture_on_commit_callbacks):
    """After the last retry fails the delivery is abandoned, and the reason says how many attempts
    were made."""
    remote_server.post_status = 502
    follower(network, remote_server, "a")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    row = Delivery.objects.get()
    row.attempts = len(RETRY_DELAYS)
    row.save()
    HostHealth.objects.all().delete()
    assert delivery.attempt_delivery(row.pk) == Delivery.GAVE_UP
    row.refresh_from_db()
    assert row.last_error.startswith(f"gave up after {len(RETRY_DELAYS) + 1} attempts")


def test_hanging_server_costs_one_timeout(
    network, fed_settings, django_capture_on_commit_callbacks
):
    """A server that never answers costs one read timeout; the next delivery to it is postponed
    without connecting (circuit open), and both are retried later."""
    fed_settings.FEDERATION_READ_TIMEOUT = 0.3
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    connections = []

    def accept():
        while True:
            try:
                connections.append(listener.accept())
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    port = listener.getsockname()[1]
    activity = create_activity(network)
    a = Delivery.objects.create(
        activity=activity, inbox_url=f"http://127.0.0.1:{port}/users/a/inbox", host="127.0.0.1"
    )
    b = Delivery.objects.create(
        activity=activity, inbox_url=f"http://127.0.0.1:{port}/users/b/inbox", host="127.0.0.1"
    )
    try:
        assert delivery.attempt_delivery(a.pk) == Delivery.RETRYING
        assert delivery.attempt_delivery(b.pk) == Delivery.RETRYING
    finally:
        listener.close()
    a.refresh_from_db()
    b.refresh_from_db()
    assert "timed out" in a.last_error and a.attempts == 1
    assert b.attempts == 0 and "circuit" in b.last_error
    assert len(connections) == 1


def test_blocked_domain_gets_nothing(network, remote_server, django_capture_on_commit_callbacks):
    """A blocked server gets no delivery row and no POST."""
    follower(network, remote_server, "a")
    DomainBlock.objects.create(domain="127.0.0.1")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    assert Delivery.objects.count() == 0
    assert remote_server.posts() == []


@pytest.mark.parametrize("hosts", [["127.0.0.1"]])
def test_rfc9421_for_peers_that_accept_it(
    network, remote_server, fed_settings, hosts, django_capture_on_commit_callbacks
):
    """A peer listed in FEDERATION_RFC9421_HOSTS receives an RFC 9421 signature that verifies with
    our key."""
    fed_settings.FEDERATION_RFC9421_HOSTS = hosts
    follower(network, remote_server, "a")
    with django_capture_on_commit_callbacks(execute=True):
        fan_out(create_activity(network))
    post = remote_server.posts()[0]
    assert "signature-input" in {k.lower() for k in post.headers}
    signed = parse_signed_request("POST", remote_server.url + post.path, post.headers, post.body)
    signed.verify(network.public_key_pem)


def test_retry_sweep_sends_due_deliveries_and_leaves_the_rest(network, remote_server):
    """`manage.py federation_retry` (the periodic safety net) sends the deliveries whose retry
    time has passed, and only those; one already made is not sent again."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    activity = create_activity(network)
    past = timezone.now() - dt.timedelta(minutes=1)
    due, later, done = (
        Delivery.objects.create(
            activity=activity,
            inbox_url=f"{remote_server.url}/inbox/{name}",
            host="127.0.0.1",
            state=state,
            next_attempt_at=when,
        )
        for name, state, when in [
            ("due", Delivery.RETRYING, past),
            ("later", Delivery.RETRYING, timezone.now() + dt.timedelta(hours=1)),
            ("done", Delivery.DELIVERED, past),
        ]
    )
    out = StringIO()
    call_command("federation_retry", stdout=out)
    assert "1 deliveries queued" in out.getvalue()
    assert [p.path for p in remote_server.posts()] == ["/inbox/due"]
    states = {d.pk: d.state for d in Delivery.objects.all()}
    assert states == {
        due.pk: Delivery.DELIVERED,
        later.pk: Delivery.RETRYING,
        done.pk: Delivery.DELIVERED,
    }


def test_retry_sweep_task_is_the_same_sweep(network, remote_server):
    """The `retry_due_deliveries` task does what the command does, for task schedulers."""
    from django.utils import timezone

    from federation.delivery import retry_due_deliveries

    Delivery.objects.create(
        activity=create_activity(network),
        inbox_url=f"{remote_server.url}/inbox",
        host="127.0.0.1",
        state=Delivery.RETRYING,
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert retry_due_deliveries.enqueue().return_value == 1
    assert Delivery.objects.get().state == Delivery.DELIVERED


def test_a_server_that_writes_to_us_again_gets_what_waited_for_it(
    client, network, remote_server, django_capture_on_commit_callbacks
):
    """A site that was down (its circuit open, our message to it waiting for minutes) and is back
    gets that message as soon as a signed activity from it reaches our inbox, not at the end
    of the rest period; an unsigned post proves nothing and changes nothing."""
    from tests.federation.conftest import load_fixture, signed_post

    alice = remote_server.add_actor("alice")
    follower(network, remote_server, "bob")
    netloc = f"127.0.0.1:{remote_server.port}"
    later = NOW + dt.timedelta(minutes=30)
    HostHealth.objects.create(host=netloc, consecutive_failures=3, open_until=later)
    waiting = Delivery.objects.create(
        activity=create_activity(network),
        inbox_url=f"{remote_server.url}/inbox",
        host="127.0.0.1",
        state=Delivery.RETRYING,
        attempts=1,
        next_attempt_at=later,
        last_error="host circuit open",
    )
    follow = load_fixture("mastodon-follow.json")
    follow.update(id=f"{alice.uri}#follows/1", actor=alice.uri, object=network.uri)

    unsigned = client.post("/ap/inbox", follow, content_type="application/activity+json")
    assert unsigned.status_code == 401
    assert HostHealth.objects.get(host=netloc).open_until == later

    with django_capture_on_commit_callbacks(execute=True):
        response, _h, _b = signed_post(client, "/ap/inbox", follow, alice)
    assert response.status_code == 202, response.content

    waiting.refresh_from_db()
    assert waiting.state == Delivery.DELIVERED
    health = HostHealth.objects.get(host=netloc)
    assert health.open_until is None and health.consecutive_failures == 0
    creates = [p.json() for p in remote_server.posts() if p.json()["type"] == "Create"]
    assert len(creates) == 1


def test_host_is_back_leaves_other_servers_alone(network, remote_server):
    """Closing one server's circuit does not touch a neighbour on the same host (another port)
    whose circuit is still open."""
    HostHealth.objects.create(host="127.0.0.1:1", consecutive_failures=3, open_until=NOW)
    neighbour = Delivery.objects.create(
        activity=create_activity(network),
        inbox_url="http://127.0.0.1:1/inbox",
        host="127.0.0.1",
        state=Delivery.RETRYING,
        next_attempt_at=NOW,
    )
    HostHealth.objects.create(host="127.0.0.1:2", consecutive_failures=3, open_until=NOW)

    assert delivery.host_is_back("127.0.0.1:2") == 0
    assert delivery.host_is_back("127.0.0.1:2") == 0

    assert HostHealth.objects.get(host="127.0.0.1:1").open_until == NOW
    neighbour.refresh_from_db()
    assert neighbour.state == Delivery.RETRYING and neighbour.next_attempt_at == NOW
