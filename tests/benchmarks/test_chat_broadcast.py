"""`make bench`: the chat's broadcast latency and CPU against a bare websockets reference.

50 and 200 clients in one group, 10 and 20 messages a second, a few seconds each; printed as a
table with ratios. Target: p99 within 8x of the reference and under 100 ms at 200 clients and
10 msg/s, no delivery lost. Uses PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
"""

import asyncio
import json
import os
import subprocess
import time

import pytest

from tests.benchmarks.chat_bench import close_clients, open_clients, run_case
from tests.servers import PYTHON, ROOT, free_port, start_site

SECONDS = float(os.environ.get("CHAT_BENCH_SECONDS", "3"))
CASES = [
    tuple(int(x) for x in case.split("x"))
    for case in os.environ.get("CHAT_BENCH_CASES", "50x10,50x20,200x10,200x20").split(",")
]

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Locale
from collaboration import services
from collaboration.models import Membership
Locale.objects.get_or_create(language_code="en")
User = get_user_model()
users = User.objects.bulk_create([User(username=f"u{i}", password="!") for i in range(200)])
users = list(User.objects.filter(username__startswith="u").order_by("pk"))
group = services.create_group("Bench", slug="bench", visibility="public", convenor=users[0])
Membership.objects.bulk_create([Membership(group=group, user=u) for u in users[1:]])
keys = []
for user in users:
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    keys.append(s.session_key)
print(json.dumps(keys))
"""


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory):
    extra = {}
    if os.environ.get("REDIS_URL"):
        extra["REDIS_URL"] = os.environ["REDIS_URL"]
    server = start_site(
        tmp_path_factory.mktemp("bench"),
        "bench",
        worker=False,
        settings="tests.benchmarks.chat_settings",
        extra_env=extra,
    )
    keys = json.loads(server.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    yield server, keys
    server.stop()


@pytest.fixture(scope="module")
def reference_server():
    port = free_port()
    proc = subprocess.Popen(
        [PYTHON, "-m", "tests.benchmarks.chat_reference", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    yield port, proc
    proc.terminate()
    proc.wait(timeout=10)


async def _measure(ws_url, origin, cookies_for, pids, label):
    results = {}
    for clients in sorted({c for c, _ in CASES}):
        receivers = await open_clients(ws_url, origin, cookies_for(clients))
        sender = receivers[0]
        for c, rate in CASES:
            if c != clients:
                continue
            results[(c, rate)] = await run_case(
                f"{label}{c}x{rate}", sender, receivers, rate, SECONDS, pids
            )
        await close_clients(receivers)
        await asyncio.sleep(1)
    return results


async def test_broadcast_against_reference(chat_server, reference_server):
    """Print p50/p99 and CPU per delivery for both servers; hold the targets at 200 x 10/s."""
    server, keys = chat_server
    ref_port, ref_proc = reference_server
    pids = [p.pid for p in server.processes]
    ours = await _measure(
        server.url.replace("http", "ws") + "/ws/groups/bench/",
        server.url,
        lambda n: keys[:n],
        pids,
        "ours",
    )
    ref = await _measure(
        f"ws://127.0.0.1:{ref_port}/",
        f"http://127.0.0.1:{ref_port}",
        lambda n: [None] * n,
        [ref_proc.pid],
        "ref",
    )
    backend = ("postgres" if os.environ.get("DATABASE_URL") else "sqlite") + (
        "+redis" if os.environ.get("REDIS_URL") else "+in-memory"
    )
    print(f"\nChat broadcast benchmark ({backend}, {SECONDS:.0f} s per case)")
    print(
        f"{'clients':>7} {'msg/s':>5} | {'p50 ms':>7} {'p99 ms':>7} {'cpu us/dlv':>10} {'lost':>5}"
        f" | {'ref p50':>7} {'ref p99':>7} {'ref cpu':>8} | {'p99 x':>6} {'cpu x':>6}"
    )
    for case in CASES:
        o, r = ours[case], ref[case]
        print(
            f"{case[0]:>7} {case[1]:>5} | {o['p50_ms']:7.1f} {o['p99_ms']:7.1f}"
            f" {o['cpu_us_per_delivery']:10.1f} {o['lost']:>5} | {r['p50_ms']:7.1f}"
            f" {r['p99_ms']:7.1f} {r['cpu_us_per_delivery']:8.1f} |"
            f" {o['p99_ms'] / max(r['p99_ms'], 0.001):6.1f}"
            f" {o['cpu_us_per_delivery'] / max(r['cpu_us_per_delivery'], 0.001):6.1f}"
        )
    for case in CASES:
        assert ours[case]["lost"] == 0, f"deliveries lost at {case}"
    target = ours[(200, 10)]
    assert target["p99_ms"] < 100, target
    assert target["p99_ms"] <= 8 * max(ref[(200, 10)]["p99_ms"], 1.0), (target, ref[(200, 10)])
    time.sleep(0)
