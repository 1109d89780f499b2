"""Stub inboxes for the delivery benchmarks: N servers on 127.0.0.1 answering 202 (after DELAY
seconds if given: a slow server), one that hangs.

Run as a process (`bench_federation_stub.py N [DELAY]`): prints one JSON line
{"ports": [...], "hanging": port, "control": port};
GET http://127.0.0.1:<control>/ answers {"posts": {port: count}, "hanging_connections": n}.
"""

import asyncio
import json
import sys
from collections import Counter

posts: Counter = Counter()
hanging_connections = 0
delay = 0.0


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return head


def inbox(holder):
    async def handle(reader, writer):
        port = holder["port"]
        try:
            while True:
                await read_request(reader)
                posts[port] += 1
                if delay:
                    await asyncio.sleep(delay)
                writer.write(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return handle


async def hang(reader, writer):
    global hanging_connections
    hanging_connections += 1
    try:
        await reader.read()  # never answer; wait for the client to give up
    finally:
        writer.close()


async def control(reader, writer):
    await read_request(reader)
    body = json.dumps(
        {"posts": {str(k): v for k, v in posts.items()}, "hanging_connections": hanging_connections}
    ).encode()
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n")
    writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await writer.drain()
    writer.close()


async def main(count):
    ports = []
    servers = []
    for _ in range(count):
        holder = {}
        server = await asyncio.start_server(inbox(holder), "127.0.0.1", 0, backlog=256)
        holder["port"] = server.sockets[0].getsockname()[1]
        ports.append(holder["port"])
        servers.append(server)
    hanging = await asyncio.start_server(hang, "127.0.0.1", 0)
    ctl = await asyncio.start_server(control, "127.0.0.1", 0)
    print(
        json.dumps(
            {
                "ports": ports,
                "hanging": hanging.sockets[0].getsockname()[1],
                "control": ctl.sockets[0].getsockname()[1],
            }
        ),
        flush=True,
    )
    await asyncio.Event().wait()


if __name__ == "__main__":
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
