"""Time from a committed status change to each of N graphql-transport-ws subscribers' message, next to a
bare websocket broadcast of the same payload in the same run; and the API's Postgres connections before,
during and after.

    .venv/bin/python bench/subscriptions.py --subscribers 500 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import websockets
from sqlalchemy import text

try:
    import uvloop
except ImportError:  # uvicorn[standard] brings it on Linux and macOS only
    uvloop = None

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from backend.identity import repository as users
from backend.identity.service import principal_of
from backend.kit import ids
from backend.kit.db import create_engine, create_sessionmaker, transaction
from backend.registry import approvals
from backend.registry.models import ModelVersion, RegisteredModel
from bench.stack import ROOT, bench_stack, free_port, start_server

SUBSCRIPTION = """subscription Live($id: ID!) {
  modelVersionUpdated(id: $id) {
    id status model { name } approvalRequest { status comment } card { viewerCanApprove viewerCanSubmit }
  }
}"""


class Subscriber:
    """One socket with one subscription; notes when each `next` frame arrives."""

    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection
        self.arrivals: list[tuple[float, dict]] = []
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.connection:
                at = time.perf_counter()
                message = json.loads(raw)
                if message.get("type") == "next":
                    self.arrivals.append((at, message["payload"]))
                    self.changed.set()

    async def wait_for(self, count: int, timeout: float = 120) -> None:
        async with asyncio.timeout(timeout):
            while len(self.arrivals) < count:
                self.changed.clear()
                await self.changed.wait()

    async def close(self) -> None:
        await self.connection.close()
        self.reader.cancel()


async def subscribe_all(url: str, token: str, n: int, variables: dict) -> list[Subscriber]:
    """N sockets, each signed in with one subscription, opened 50 at a time like a dashboard fleet."""

    async def one(i: int) -> Subscriber:
        connection = await websockets.connect(
            url,
            subprotocols=["graphql-transport-ws"],
            max_size=None,  # type: ignore[list-item]
            open_timeout=60,
            ping_interval=None,
        )
        await connection.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        ack = json.loads(await connection.recv())
        assert ack["type"] == "connection_ack", ack
        subscriber = Subscriber(connection)
        await connection.send(
            json.dumps({"id": f"s{i}", "type": "subscribe", "payload": {"query": SUBSCRIPTION, "variables": variables}})
        )
        return subscriber

    subscribers: list[Subscriber] = []
    for start in range(0, n, 50):
        subscribers += await asyncio.gather(*(one(i) for i in range(start, min(n, start + 50))))
    return subscribers


async def time_one_change(
    subscribers: list[Subscriber], before: int, change: Callable[[], Awaitable[float]]
) -> list[float]:
    """Milliseconds from the change (as `change` reports it) to each subscriber's next message."""
    await asyncio.gather(*(s.wait_for(before) for s in subscribers))
    changed_at = await change()
    await asyncio.gather(*(s.wait_for(before + 1) for s in subscribers))
    return [(s.arrivals[before][0] - changed_at) * 1000 for s in subscribers]


async def api_connections(sessionmaker, pid: int) -> dict[str, int]:
    async with transaction(sessionmaker) as session:
        rows = await session.execute(
            text(
                "SELECT coalesce(state, '?') AS state, count(*) FROM pg_stat_activity "
                "WHERE application_name LIKE :name GROUP BY 1"
            ),
            {"name": f"slipway-api-{pid}%"},
        )
        return {state: count for state, count in rows}


async def new_version(sessionmaker) -> tuple[str, object]:
    """A VALIDATED version owned by admin@demo (rows only: this measures events, not uploads)."""
    async with transaction(sessionmaker) as session:
        admin = await users.get_user_by_email(session, "admin@demo")
        assert admin is not None
        principal = principal_of(admin, admin.tenant)
        model = RegisteredModel(
            tenant_id=admin.tenant_id, name=f"bench-{uuid.uuid4().hex[:8]}", created_by=admin.id, latest_version=1
        )
        session.add(model)
        await session.flush()
        version = ModelVersion(
            tenant_id=admin.tenant_id,
            model_id=model.id,
            version=1,
            status="VALIDATED",
            size_bytes=1,
            sha256=uuid.uuid4().hex * 2,
            s3_key="bench/none.onnx",
            uploaded_by=admin.id,
        )
        session.add(version)
        await session.flush()
        return ids.encode("ModelVersion", version.id), (principal, version.id)


async def one_round(
    sessionmaker, http: httpx.AsyncClient, ws: str, bare_ws: str, token: str, n: int, pid: int
) -> tuple[list[float], list[float], dict[str, int]]:
    """One status change seen by N API subscribers, then its payload broadcast to N bare ones."""
    version_id, (principal, version_uuid) = await new_version(sessionmaker)
    api_subscribers = await subscribe_all(ws, token, n, {"id": version_id})

    async def submit() -> float:
        async with transaction(sessionmaker) as session:
            await approvals.submit(session, principal, version_uuid, comment="bench")
        return time.perf_counter()  # committed: the NOTIFY is on its way

    api = await time_one_change(api_subscribers, 1, submit)
    during = await api_connections(sessionmaker, pid)
    payload = api_subscribers[0].arrivals[1][1]
    assert payload["data"]["modelVersionUpdated"]["status"] == "PENDING_APPROVAL", payload
    await asyncio.gather(*(s.close() for s in api_subscribers))

    bare_subscribers = await subscribe_all(bare_ws, token, n, {"id": version_id})
    await asyncio.sleep(0.5)  # every subscribe frame has reached the bare server

    async def broadcast() -> float:
        started = time.perf_counter()
        await http.post("/broadcast", json=payload)
        return started

    bare = await time_one_change(bare_subscribers, 0, broadcast)
    await asyncio.gather(*(s.close() for s in bare_subscribers))
    return api, bare, during


async def measure(
    api_url: str, bare_url: str, token: str, settings, pid: int, n: int, rounds: int
) -> dict[str, list[float]]:
    engine = create_engine(settings, pool_size=2, role="bench")
    sessionmaker = create_sessionmaker(engine)
    latencies: dict[str, list[float]] = {"api": [], "bare": []}
    connections: dict[str, dict[str, int]] = {"before": await api_connections(sessionmaker, pid)}
    ws = api_url.replace("http://", "ws://") + "/graphql"
    bare_ws = bare_url.replace("http://", "ws://") + "/graphql"
    try:
        async with httpx.AsyncClient(base_url=bare_url, timeout=60) as http:
            for round_ in range(rounds):
                api, bare, during = await one_round(sessionmaker, http, ws, bare_ws, token, n, pid)
                connections[f"during round {round_ + 1}"] = during
                latencies["api"] += api
                latencies["bare"] += bare
        await asyncio.sleep(2)
        connections["after"] = await api_connections(sessionmaker, pid)
    finally:
        await engine.dispose()
    print("API Postgres connections by state:")
    for moment, states in connections.items():
        print(f"  {moment:<16}{sum(states.values()):>4}  {states}")
    return latencies


def report(latencies: dict[str, list[float]], n: int, rounds: int) -> None:
    def cut(values: list[float]) -> tuple[float, float, float]:
        q = statistics.quantiles(values, n=100, method="inclusive")
        return q[49], q[94], max(values)

    print(f"\n{n} subscribers × {rounds} changes; ms from commit (API) or from the broadcast request (bare)")
    print(f"{'target':<16}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    rows = {name: cut(values) for name, values in latencies.items()}
    for name, (p50, p95, top) in rows.items():
        print(f"{name:<16}{p50:>10.1f}{p95:>10.1f}{top:>10.1f}")
    (a50, a95, amax), (b50, b95, bmax) = rows["api"], rows["bare"]
    print(f"{'api/bare':<16}{a50 / b50:>9.1f}x{a95 / b95:>9.1f}x{amax / bmax:>9.1f}x")
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="Status changes measured, each on a fresh version.")
    args = parser.parse_args()
    with bench_stack("subscriptions") as stack:
        api_url = stack.start_api()
        bare_port = free_port()
        bare_url = f"http://127.0.0.1:{bare_port}"
        stack.processes.append(
            start_server(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.bare_broadcast:app",
                    "--app-dir",
                    str(ROOT),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                ],
                dict(os.environ),
                stack.workdir / "bare.log",
                bare_url,
            )
        )
        token = stack.sign_in(api_url)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        run = uvloop.run if uvloop is not None else asyncio.run
        latencies = run(measure(api_url, bare_url, token, stack.settings, stack.api_pid, args.subscribers, args.rounds))
        report(latencies, args.subscribers, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
