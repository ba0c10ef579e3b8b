"""Demo data: realistic signals with labelled failures, loaded once, readable through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.assets import demo
from backend.identity.roles import Role
from tests.support.assets import iso

ASSETS = "{ assets { edges { node { id name tags { name unit } } } } }"
EPISODE = """
query Episode($id: ID!, $from: DateTime!, $to: DateTime!) {
  asset(id: $id) {
    events { kind label startsAt endsAt tag { name } }
    history(from: $from, to: $to, tags: ["vibration", "flow"], bucket: 600) { series { tag { name } max avg } }
  }
}"""


async def test_demo_assets_have_signals_and_labelled_failures_and_load_once(tenant, sessionmaker) -> None:
    end = datetime(2026, 2, 1, tzinfo=UTC)
    created = await demo.seed(sessionmaker, tenant.id, days=3, tags=4, end=end)
    assert created == ["P-101", "P-102", "C-201"]
    assert await demo.seed(sessionmaker, tenant.id, days=3, tags=4, end=end) == []

    client = tenant.client(Role.DATA_SCIENTIST)
    assets = {e["node"]["name"]: e["node"] for e in (await client.execute(ASSETS)).ok()["assets"]["edges"]}
    assert set(assets) == {"P-101", "P-102", "C-201"}
    assert [t["name"] for t in assets["P-101"]["tags"]] == ["bearing_temp", "flow", "pressure", "vibration"]

    pump = assets["P-101"]["id"]
    answer = (await client.execute(EPISODE, {"id": pump, "from": iso(end - timedelta(days=3)), "to": iso(end)})).ok()
    events = answer["asset"]["events"]
    assert events and all(e["kind"] == "bearing_failure" and e["tag"] == {"name": "vibration"} for e in events)
    first = events[0]
    start, stop = datetime.fromisoformat(first["startsAt"]), datetime.fromisoformat(first["endsAt"])
    during = (await client.execute(EPISODE, {"id": pump, "from": iso(start), "to": iso(stop)})).ok()
    series = {s["tag"]["name"]: s for s in during["asset"]["history"]["series"]}
    normal = {s["tag"]["name"]: s for s in answer["asset"]["history"]["series"]}
    # Before the trip vibration climbs far above its usual level; after it, flow drops to ~0.
    assert max(series["vibration"]["max"]) > 2 * (sum(normal["vibration"]["avg"]) / len(normal["vibration"]["avg"]))
    assert min(series["flow"]["avg"]) < 5 < min(normal["flow"]["avg"][:6])
