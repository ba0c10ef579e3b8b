"""Network faults for outage tests: a TCP proxy in front of a real server that a test can cut.

The server behind it stays real (SeaweedFS, Postgres); only the path to it breaks, the way a
network partition or a crashed S3 endpoint looks to our processes. Point a process at
`proxy.url` (for example `start_api(servers, log, SLIPWAY_S3_ENDPOINT=proxy.url)`), then:

    proxy.cut()                 # refuse new connections and reset the open ones
    proxy.cut_after_bytes(n)    # let n more bytes through towards the server, then cut
    proxy.freeze()              # accept, then forward nothing either way, holding every socket open
    proxy.freeze_after_bytes(n) # let n more bytes through towards the server, then freeze
    proxy.restore()             # accept and forward again (a frozen connection resumes)

A cut fails fast (connection refused or reset); a freeze is the worse outage, where only the
caller's own deadlines end the wait.

The proxy runs its own event loop in a thread, so sync and async tests use it alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from urllib.parse import urlsplit

from backend.embedded.ports import free_port_pair


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port_pair(set())
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._budget: int | None = None  # bytes still allowed upstream before a cut; None = unlimited
        self._freeze_at_budget = False  # spent budget freezes instead of cutting
        self._flowing: asyncio.Event | None = None  # cleared while frozen; made on the proxy's loop

    @classmethod
    def in_front_of(cls, url: str) -> TcpProxy:
        """A started proxy for the host and port of `url` (e.g. the S3 endpoint)."""
        parts = urlsplit(url)
        return cls(parts.hostname or "127.0.0.1", parts.port or 80).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> TcpProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def cut(self) -> None:
        """From now on the server is unreachable: open connections reset, new ones refused."""
        self._call(self._close())

    def cut_after_bytes(self, budget: int) -> None:
        """Forward `budget` more bytes towards the server, then cut (a failure mid-transfer)."""
        self._call(self._set_budget(budget))

    def freeze(self) -> None:
        """From now on nothing moves: connections are accepted and held open, no byte is forwarded."""
        self._call(self._set_flowing(False))

    @property
    def frozen(self) -> bool:
        """True while nothing is forwarded (after freeze(), or once freeze_after_bytes spent its budget)."""
        return self._flowing is not None and not self._flowing.is_set()

    def freeze_after_bytes(self, budget: int) -> None:
        """Forward `budget` more bytes towards the server, then freeze (S3 stalling mid-transfer)."""
        self._call(self._set_budget(budget, freeze=True))

    def restore(self) -> None:
        self._call(self._restore())

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _call(self, coro) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _set_budget(self, budget: int, *, freeze: bool = False) -> None:
        self._budget, self._freeze_at_budget = budget, freeze

    async def _set_flowing(self, flowing: bool) -> None:
        if self._flowing is None:
            self._flowing = asyncio.Event()
        if flowing:
            self._flowing.set()
        else:
            self._flowing.clear()

    async def _held(self) -> None:
        if self._flowing is not None:
            await self._flowing.wait()

    async def _restore(self) -> None:
        self._budget = None
        await self._set_flowing(True)
        if self._server is None:
            await self._listen()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port, reuse_address=True)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            _reset(writer)
        self._writers.clear()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self._writers.add(client_writer)
        await self._held()  # frozen: the client's connection is open, yet nothing answers
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            _reset(client_writer)
            return
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(
            self._pipe(client_reader, server_writer, upstream=True),
            self._pipe(server_reader, client_writer, upstream=False),
            return_exceptions=True,
        )
        self._writers -= {client_writer, server_writer}

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, upstream: bool) -> None:
        try:
            while chunk := await reader.read(65536):
                await self._held()
                if upstream and self._budget is not None:
                    if len(chunk) > self._budget and self._freeze_at_budget:
                        self._budget = None
                        await self._set_flowing(False)
                        await self._held()
                    elif len(chunk) > self._budget:
                        await self._close()
                        return
                    else:
                        self._budget -= len(chunk)
                writer.write(chunk)
                await writer.drain()
        finally:
            if not writer.is_closing():
                writer.close()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST rather than FIN, as a dead peer or a dropped route looks to the client."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    writer.transport.abort()
