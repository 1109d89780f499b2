"""A TCP forwarder on loopback that a test can cut and restore: a service going away and back.

    proxy = TcpProxy("127.0.0.1", 6379).start()   # listens on proxy.port
    proxy.cut()        # every open connection is dropped, new ones are refused
    proxy.restore()    # listens again on the same port
    proxy.freeze()     # connections stay open but nothing gets through: a server that hangs
    proxy.thaw()       # the hung connections are dropped, traffic flows again

It runs its own event loop in a thread, so sync and async tests can use it alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from tests.servers import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, port: int | None = None):
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server = None
        self.writers = set()
        self.frozen = False

    # --- called from the test's thread --------------------------------------------------

    def start(self) -> TcpProxy:
        self.thread.start()
        self.restore()
        return self

    def restore(self) -> None:
        """Accept connections again (on the same port)."""
        self._call(self._listen())

    def cut(self) -> None:
        """Stop listening and drop every connection, as a server that went away."""
        self._call(self._cut())

    def freeze(self) -> None:
        """Keep every connection open, accept new ones, and let nothing through."""
        self.frozen = True

    def thaw(self) -> None:
        """Drop the hung connections (their streams lost bytes) and let traffic through again."""
        if self.frozen:
            self._call(self._drop_connections())
            self.frozen = False

    def close(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    # --- in the proxy's loop --------------------------------------------------------------

    async def _listen(self):
        if self.server is None:
            self.server = await asyncio.start_server(
                self._serve, "127.0.0.1", self.port, reuse_address=True
            )

    async def _cut(self):
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None
        await self._drop_connections()

    async def _drop_connections(self):
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    async def _serve(self, reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self.writers.update({writer, up_writer})
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )
        self.writers.difference_update({writer, up_writer})

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                if self.frozen:
                    continue
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.transport.abort()
