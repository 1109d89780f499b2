"""`make bench`: signed Create activities per second that one uvicorn process accepts at its
inbox while its db_worker stores them in the network feed, against a trivial view (/healthz) in
the same process; and what refusing a badly signed or oversized post costs. A refusal must not
touch the database or the queue: rows are counted before and after.
"""

import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from federation.signatures import sign_cavage
from tests.federation.conftest import keypair, start_remote_server
from tests.servers import start_site

CREATES = 300
REFUSALS = 300
REFERENCE = 600
THREADS = 8

SETUP = """
import os
from federation.actors import ensure_network_actor
from federation.models import Follow
from federation.remote import fetch_actor
network = ensure_network_actor()
remote = fetch_actor(os.environ["BENCH_ACTOR"])
Follow.objects.get_or_create(local_actor=network, remote_actor=remote, direction="outgoing",
    defaults={"state": "accepted"})
print(remote.pk)
"""

COUNTS = """
import json
from django_tasks_db.models import DBTaskResult
from federation.models import InboxItem, RemotePost, SeenSignature, RemoteActor
print(json.dumps({"inbox": InboxItem.objects.count(), "posts": RemotePost.objects.count(),
    "signatures": SeenSignature.objects.count(), "tasks": DBTaskResult.objects.count(),
    "actors": RemoteActor.objects.count()}))
"""


def counts(site) -> dict:
    return json.loads(site.manage("shell", "-c", COUNTS).stdout.strip().splitlines()[-1])


def stored_posts(site) -> int:
    """Read the feed table straight from the site's database (a shell per poll is too slow)."""
    url = site.env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute("SELECT count(*) FROM federation_remotepost").fetchone()[0]
    with sqlite3.connect(site.env["SQLITE_PATH"], timeout=20) as conn:
        return conn.execute("SELECT count(*) FROM federation_remotepost").fetchone()[0]


def run(requests, send) -> float:
    """Send every request from THREADS threads; seconds elapsed."""
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(send, requests))
    elapsed = time.perf_counter() - started
    return elapsed, statuses


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    remote, httpd = start_remote_server()
    actor = remote.add_actor("bench")
    site = start_site(tmp_path_factory.mktemp("inbox-bench"), "inbox")
    try:
        env = dict(site.env, BENCH_ACTOR=actor.uri)
        import subprocess

        from tests.servers import PYTHON, ROOT

        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield site, actor
    finally:
        site.stop()
        httpd.shutdown()
        httpd.server_close()


def signed(site, actor, document, private_pem=None):
    body = json.dumps(document).encode()
    url = f"{site.url}/ap/inbox"
    headers = sign_cavage(
        "POST",
        url,
        key_id=actor.key_id,
        private_key_pem=private_pem or actor.private_pem,
        body=body,
    )
    headers["Content-Type"] = "application/activity+json"
    return body, headers


def create(actor, n):
    base = actor.uri
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{base}/statuses/{n}/activity",
        "type": "Create",
        "actor": base,
        "object": {
            "id": f"{base}/statuses/{n}",
            "type": "Note",
            "attributedTo": base,
            "content": f"<p>Post {n}: "
            + "culture " * 80
            + '<a href="https://e.example/">link</a></p>',
            "contentMap": {"en": f"<p>Post {n}</p>", "fr": f"<p>Billet {n}</p>"},
            "published": "2026-11-21T10:00:00Z",
            "url": f"{base}/@bench/{n}",
        },
    }


def test_inbox_throughput_and_refusal_cost(setup):
    """Signed posts are accepted and stored by the worker at a measured rate, and refusing a bad
    signature or an oversized body is cheaper than accepting a post and leaves no row behind."""
    site, actor = setup
    client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=THREADS))
    inbox = f"{site.url}/ap/inbox"

    # Warm up both paths (connections, the key cache).
    for path in ("/healthz",) * 20:
        client.get(site.url + path)
    body, headers = signed(site, actor, create(actor, -1))
    assert client.post(inbox, content=body, headers=headers).status_code == 202

    def get(_):
        return client.get(site.url + "/healthz").status_code

    ref_seconds, statuses = run(range(REFERENCE), get)
    assert set(statuses) == {200}
    ref_rate = REFERENCE / ref_seconds

    # Signed in advance: the bench measures the server, not our signing.
    creates = [signed(site, actor, create(actor, n)) for n in range(CREATES)]
    before = stored_posts(site)

    def post(item):
        body, headers = item
        return client.post(inbox, content=body, headers=headers).status_code

    started = time.perf_counter()
    accept_seconds, statuses = run(creates, post)
    assert set(statuses) == {202}, statuses[:5]
    deadline = time.monotonic() + 300
    while stored_posts(site) < before + CREATES:
        assert time.monotonic() < deadline, "the worker did not store every post"
        time.sleep(0.05)
    stored_seconds = time.perf_counter() - started
    accept_rate = CREATES / accept_seconds
    stored_rate = CREATES / stored_seconds

    # Refusals: a wrong key, and a body over the cap.
    wrong_private, _public = keypair(5)
    bad = [signed(site, actor, create(actor, 10_000 + n), wrong_private) for n in range(REFUSALS)]
    big_doc = create(actor, 99_999)
    big_doc["object"]["content"] = "x" * (300 * 1024)
    big = [signed(site, actor, big_doc)] * REFUSALS
    rows_before = counts(site)
    bad_seconds, statuses = run(bad, post)
    assert set(statuses) == {401}, statuses[:5]
    big_seconds, statuses = run(big, post)
    assert set(statuses) == {413}, statuses[:5]
    rows_after = counts(site)
    assert rows_after == rows_before, (rows_before, rows_after)

    bad_rate = REFUSALS / bad_seconds
    big_rate = REFUSALS / big_seconds
    print()
    print(f"inbox bench, {THREADS} concurrent clients, one uvicorn process + one db_worker")
    print(f"  /healthz reference      {ref_rate:8.1f} req/s")
    print(
        f"  signed Create accepted  {accept_rate:8.1f} req/s  ratio to reference "
        f"{ref_rate / accept_rate:5.2f}x"
    )
    print(
        f"  ... and stored by the worker {stored_rate:8.1f} posts/s "
        f"({CREATES} in {stored_seconds:.1f} s)"
    )
    print(f"  bad signature refused   {bad_rate:8.1f} req/s  ratio {ref_rate / bad_rate:5.2f}x")
    print(f"  oversized post refused  {big_rate:8.1f} req/s  ratio {ref_rate / big_rate:5.2f}x")
    print(f"  rows before/after refusals: {rows_before} / {rows_after}")
    # A refusal must stay cheap: a badly signed post costs at most a signature check.
    assert big_rate > accept_rate
