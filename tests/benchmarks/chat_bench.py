"""The chat benchmark's driver: N clients in one group, one sender at a fixed rate.

Latency is measured from just before the sender writes a frame to the moment each client has
parsed the broadcast (sender and clients share this process's clock). Server CPU is read from
/proc for the server's processes over the sending phase only.
"""

import asyncio
import gc
import json
import os
import statistics
import time

from websockets.asyncio.client import connect


def cpu_seconds(pids):
    """User + system CPU seconds of these processes and their children (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


class Receiver:
    def __init__(self, ws):
        self.ws = ws
        self.latencies = {}  # seq -> seconds
        self.task = None
        self.last_frame = time.perf_counter()

    async def run(self):
        async for text in self.ws:
            self.last_frame = time.perf_counter()
            frame = json.loads(text)
            if frame.get("type") == "message":
                body = frame["message"]["body"]
                if body.startswith("bench "):
                    _tag, run, seq, sent = body.split(" ")
                    self.latencies[(run, int(seq))] = time.perf_counter() - float(sent)


async def open_clients(ws_url, origin, cookies):
    """One connection per cookie (None: no cookie), each reading in its own task."""
    receivers = []

    async def one(cookie):
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        ws = await connect(
            ws_url,
            origin=origin,
            additional_headers=headers,
            max_size=2**20,
            open_timeout=30,
            ping_interval=None,
            compression=None,
        )
        await ws.recv()  # hello
        r = Receiver(ws)
        r.task = asyncio.create_task(r.run())
        receivers.append(r)

    # A few at a time, as people arrive, not a thundering herd.
    for i in range(0, len(cookies), 20):
        await asyncio.gather(*(one(c) for c in cookies[i : i + 20]))
    # Let the arrival notices (presence) settle before measuring anything.
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.5)
        if time.perf_counter() - max(r.last_frame for r in receivers) > 1.5:
            break
    return receivers


async def run_case(run_id, sender, receivers, rate, seconds, server_pids):
    """Send `rate` messages per second for `seconds`; return the measured figures."""
    interval = 1.0 / rate
    # Warm up (first topic write, connections, caches) before measuring the steady state.
    for seq in range(5):
        body = f"bench warm{run_id} {seq} {time.perf_counter()!r}"
        await sender.ws.send(
            json.dumps(
                {"type": "send", "topic": "Bench", "body": body, "client_id": f"w{run_id}-{seq}"}
            )
        )
        await asyncio.sleep(interval)
    await asyncio.sleep(1.0)
    # This measuring process holds Django and hundreds of connections: one of its own full
    # garbage collections stalled its event loop ~140 ms mid-run, and showed up as the server's
    # p99. Collect now and keep the collector off what exists while measuring (timeit, for the
    # same reason, turns it off).
    gc.collect()
    gc.freeze()
    try:
        return await _measure_case(run_id, sender, receivers, rate, seconds, server_pids)
    finally:
        gc.unfreeze()


async def _measure_case(run_id, sender, receivers, rate, seconds, server_pids):
    """The measured part of `run_case`."""
    count = int(rate * seconds)
    interval = 1.0 / rate
    cpu0 = cpu_seconds(server_pids)
    start = time.perf_counter()
    for seq in range(count):
        target = start + seq * interval
        delay = target - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        body = f"bench {run_id} {seq} {time.perf_counter()!r}"
        await sender.ws.send(
            json.dumps(
                {"type": "send", "topic": "Bench", "body": body, "client_id": f"{run_id}-{seq}"}
            )
        )
    expected = count * len(receivers)
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        got = sum(1 for r in receivers for k in r.latencies if k[0] == run_id)
        if got >= expected:
            break
        await asyncio.sleep(0.05)
    cpu = cpu_seconds(server_pids) - cpu0
    lat = sorted(v for r in receivers for k, v in r.latencies.items() if k[0] == run_id)
    delivered = len(lat)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0] * 99
    return {
        "clients": len(receivers),
        "rate": rate,
        "messages": count,
        "delivered": delivered,
        "lost": expected - delivered,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "cpu_us_per_delivery": cpu / max(delivered, 1) * 1e6,
    }


async def close_clients(receivers):
    for r in receivers:
        r.task.cancel()
        await r.ws.close()
