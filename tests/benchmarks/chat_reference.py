"""The reference: a bare `websockets` broadcast server speaking the chat's protocol.

It answers "send" frames with an "ack" and broadcasts a "message" frame shaped like the real one
to every connection, with nothing else (no database, no auth, no channel layer).
Run: python -m tests.benchmarks.chat_reference PORT
"""

import asyncio
import json
import sys
from datetime import UTC, datetime

from websockets.asyncio.server import broadcast, serve

CLIENTS = set()
STATE = {"id": 0}


async def handler(ws):
    CLIENTS.add(ws)
    await ws.send(json.dumps({"type": "hello", "last_id": STATE["id"], "presence": []}))
    try:
        async for text in ws:
            try:
                frame = json.loads(text)
            except ValueError:
                await ws.send(json.dumps({"type": "error", "code": "invalid_json"}))
                continue
            if frame.get("type") != "send":
                continue
            STATE["id"] += 1
            message = {
                "id": STATE["id"],
                "topic_id": 1,
                "topic": frame.get("topic"),
                "author": {"id": 1, "username": "sender", "name": "sender"},
                "body": frame.get("body"),
                "html": "<p>" + str(frame.get("body")) + "</p>",
                "created": datetime.now(UTC).isoformat(),
                "edited": False,
                "edited_at": None,
                "deleted": False,
                "reactions": [],
                "client_id": frame.get("client_id"),
            }
            broadcast(
                CLIENTS, json.dumps({"type": "message", "message": message}, separators=(",", ":"))
            )
            await ws.send(
                json.dumps({"type": "ack", "client_id": frame.get("client_id"), "id": STATE["id"]})
            )
    finally:
        CLIENTS.discard(ws)


async def main(port):
    async with serve(handler, "127.0.0.1", port, max_size=65536):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
