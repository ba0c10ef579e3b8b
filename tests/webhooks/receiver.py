"""A real HTTP receiver for webhook tests: records every request, answers from a script."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    script: list[int | float] = field(default_factory=list)  # status codes; a float sleeps that long first
    requests: list[Received] = field(default_factory=list)

    def next_answer(self) -> int:
        answer = self.script.pop(0) if self.script else 200
        if isinstance(answer, float):
            time.sleep(answer)
            return 200
        return answer

    async def wait_for(self, count: int, timeout: float = 120) -> list[Received]:
        async with asyncio.timeout(timeout):
            while len(self.requests) < count:
                await asyncio.sleep(0.1)
        return list(self.requests)


@contextmanager
def receiving(script: list[int | float] | None = None) -> Iterator[Receiver]:
    """A ThreadingHTTPServer on a free loopback port for the duration of the block."""
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            receiver = holder["r"]
            receiver.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            code = receiver.next_answer()
            self.send_response(code)
            self.send_header("content-type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if code < 300 else b"receiver says no")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    holder["r"] = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/slipway", script=list(script or []))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["r"]
    finally:
        server.shutdown()
        server.server_close()
