"""`make bench`: one activity to 1,000 followers on 100 stub servers, 2 db_workers, signed vs
unsigned in the same run; one POST per shared inbox; a hanging server costs one timeout.

The site runs as in production (its own database, `manage.py db_worker` processes); the stub
inboxes run in their own process so they do not compete with the workers for this process' GIL.
"""

import json
import statistics
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.servers import PYTHON, ROOT, start_site

SERVERS = 100
FOLLOWERS_PER_SERVER = 10
WORKERS = 2
ROUNDS = 5
TARGET_RATIO = 1.6
READ_TIMEOUT = 2.0

SETUP = """
import json, os
from federation.actors import ensure_network_actor
from federation.models import Actor, Follow, RemoteActor
ports = json.loads(os.environ["BENCH_PORTS"])
hang = int(os.environ["BENCH_HANG"])
network = ensure_network_actor()
probe, _ = Actor.objects.get_or_create(username="probe", defaults={"actor_type": "Service"})
remotes = []
for port in ports:
    for n in range(PER_SERVER):
        base = f"http://127.0.0.1:{port}"
        remotes.append(RemoteActor(uri=f"{base}/users/u{n}", domain=f"127.0.0.1:{port}",
            inbox=f"{base}/users/u{n}/inbox", shared_inbox=f"{base}/inbox"))
base = f"http://127.0.0.1:{hang}"
hanging = [RemoteActor(uri=f"{base}/users/h{n}", domain=f"127.0.0.1:{hang}",
    inbox=f"{base}/users/h{n}/inbox", shared_inbox=(f"{base}/inbox" if n < 10 else ""))
    for n in range(15)]
RemoteActor.objects.bulk_create(remotes + hanging, batch_size=500)
follows = [Follow(local_actor=network, remote_actor=r, direction="incoming", state="accepted")
    for r in RemoteActor.objects.exclude(domain=f"127.0.0.1:{hang}")]
follows += [Follow(local_actor=probe, remote_actor=r, direction="incoming", state="accepted")
    for r in RemoteActor.objects.filter(domain=f"127.0.0.1:{hang}")]
Follow.objects.bulk_create(follows, batch_size=500)
print(Follow.objects.count())
""".replace("PER_SERVER", str(FOLLOWERS_PER_SERVER))

DELIVER = """
import json, os, time
from django.db import transaction
from federation.delivery import fan_out, record_activity
from federation.models import Actor, Delivery
actor = Actor.objects.get(username=os.environ["BENCH_ACTOR"])
document = {"type": "Create", "actor": actor.uri, "to": ["https://www.w3.org/ns/activitystreams#Public"],
    "object": {"type": "Article", "name": "Bench", "content": "<p>" + "culture " * 300 + "</p>"}}
with transaction.atomic():
    activity = record_activity(actor, document)
    fan_out(activity)
started = time.monotonic()
rows = Delivery.objects.filter(activity=activity)
total = rows.count()
deadline = started + 300
while time.monotonic() < deadline and rows.filter(state="pending").exists():
    time.sleep(0.02)
elapsed = time.monotonic() - started
print(json.dumps({"deliveries": total, "seconds": elapsed,
    "states": {s: rows.filter(state=s).count() for s in ("pending", "delivered", "retrying", "gave_up")}}))
"""


def stats(control_port):
    return httpx.get(f"http://127.0.0.1:{control_port}/", timeout=5).json()


def run_round(site, actor, sign):
    queue = "signed" if sign else "unsigned"
    env = dict(site.env, BENCH_ACTOR=actor, BENCH_QUEUE=queue)
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", DELIVER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_workers(site, sign):
    """WORKERS db_workers for one queue, started once for the whole run."""
    queue = "signed" if sign else "unsigned"
    site.env["BENCH_SIGN"] = "1" if sign else "0"
    procs = []
    for _ in range(WORKERS):
        log = open(site.workdir / f"worker-{queue}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.05", "--queue-name", queue],
            cwd=ROOT,
            env=dict(site.env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        site.processes.append(proc)
        procs.append(proc)
    return procs


@pytest.fixture(scope="module")
def stub():
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("bench_federation_stub.py")), str(SERVERS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    info = json.loads(proc.stdout.readline())
    yield info
    proc.terminate()
    proc.wait(timeout=10)


def test_delivery_to_a_thousand_followers(tmp_path, stub):
    """One article reaches 1,000 followers on 100 servers with one POST per shared inbox, signing
    costs at most TARGET_RATIO times unsigned delivery, and a hanging server holds up each worker
    for one timeout only, its deliveries kept for a retry."""
    site = start_site(
        tmp_path,
        "bench",
        worker=False,
        settings="tests.benchmarks.bench_federation_settings",
        extra_env={
            "BENCH_PORTS": json.dumps(stub["ports"]),
            "BENCH_HANG": str(stub["hanging"]),
            "BENCH_READ_TIMEOUT": str(READ_TIMEOUT),
        },
    )
    try:
        site.manage("shell", "-c", SETUP)
        start_workers(site, sign=False)
        start_workers(site, sign=True)
        results = {True: [], False: []}
        # Warm up both sets of workers (imports, connection pools), then alternate rounds.
        run_round(site, "like", sign=False)
        run_round(site, "like", sign=True)
        for _round in range(ROUNDS):
            for sign in (False, True):
                before = stats(stub["control"])["posts"]
                result = run_round(site, "like", sign)
                after = stats(stub["control"])["posts"]
                assert result["deliveries"] == SERVERS, result
                assert result["states"]["delivered"] == SERVERS, result
                # One POST per shared inbox: each stub server got exactly one.
                assert all(after[str(p)] - before.get(str(p), 0) == 1 for p in stub["ports"])
                results[sign].append(result["seconds"])
        unsigned = statistics.median(results[False])
        signed = statistics.median(results[True])
        ratio = signed / unsigned

        # A hanging server: 10 followers behind one shared inbox, 5 with only personal inboxes.
        hang = run_round(site, "probe", sign=True)
        connections = stats(stub["control"])["hanging_connections"]
        print(
            f"\nfederation delivery: {SERVERS * FOLLOWERS_PER_SERVER} followers on {SERVERS} "
            f"servers, {WORKERS} workers\n"
            f"  unsigned: {unsigned:.2f}s  signed: {signed:.2f}s  ratio {ratio:.2f} "
            f"(target <= {TARGET_RATIO}); rounds {results}\n"
            f"  hanging server: {hang['deliveries']} deliveries, {connections} connection(s), "
            f"{hang['seconds']:.2f}s with a {READ_TIMEOUT}s read timeout; states {hang['states']}"
        )
        assert hang["deliveries"] == 6  # one shared inbox + five personal inboxes
        assert hang["states"]["retrying"] == 6  # every failure is retried later
        assert connections <= WORKERS  # the circuit opens after the first timeout
        assert hang["seconds"] < READ_TIMEOUT * 2 + 5
        assert ratio <= TARGET_RATIO
    finally:
        site.stop()
