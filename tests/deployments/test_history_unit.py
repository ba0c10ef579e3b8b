"""The timeline replay behind servedHistory, on events alone: one interval per change a caller could see."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from backend.deployments.history import parse_endpoint, replay
from backend.deployments.lifecycle import Environment

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _deployment() -> SimpleNamespace:
    return SimpleNamespace(id=uuid.uuid4(), version_id=uuid.uuid4())


def _event(n: int, status: str, percent: int) -> SimpleNamespace:
    return SimpleNamespace(id=n, status=status, traffic_percent=percent, at=T0 + timedelta(seconds=n))


def _splits(intervals) -> list[list[tuple[uuid.UUID, int]]]:
    return [[(s.version_id, s.percent) for s in i.shares] for i in intervals]


def test_events_of_one_transaction_are_one_change_and_no_gap_shows_between_them() -> None:
    old, new = _deployment(), _deployment()
    events = [
        (_event(1, "PENDING", 0), old, "t1"),
        (_event(2, "LIVE", 100), old, "t2"),
        (_event(3, "PENDING", 0), new, "t3"),
        (_event(4, "ROLLING_OUT", 50), new, "t4"),
        # The switch writes two events in one transaction: between them both would look LIVE.
        (_event(5, "LIVE", 100), new, "t5"),
        (_event(6, "RETIRED", 0), old, "t5"),
        # A rollback: the new one first leaves, then the old one comes back, again in one transaction.
        (_event(7, "ROLLED_BACK", 0), new, "t6"),
        (_event(8, "LIVE", 100), old, "t6"),
    ]
    intervals = replay(events)  # type: ignore[arg-type]
    assert _splits(intervals) == [
        [(old.version_id, 100)],
        [(old.version_id, 50), (new.version_id, 50)],
        [(new.version_id, 100)],
        [(old.version_id, 100)],
    ]
    assert [i.start for i in intervals] == [T0 + timedelta(seconds=s) for s in (2, 4, 6, 8)]
    assert [i.end for i in intervals] == [T0 + timedelta(seconds=s) for s in (4, 6, 8)] + [None]


def test_a_deployment_first_seen_live_still_yields_to_a_newer_live_one() -> None:
    first, second = _deployment(), _deployment()
    intervals = replay([(_event(1, "LIVE", 100), first, "a"), (_event(2, "LIVE", 100), second, "b")])  # type: ignore[arg-type]
    assert _splits(intervals) == [[(first.version_id, 100)], [(second.version_id, 100)]]


def test_endpoint_names_split_on_the_environment_suffix_only() -> None:
    assert parse_endpoint("pump-health-production") == ("pump-health", Environment.PRODUCTION)
    assert parse_endpoint("a-staging-staging") == ("a-staging", Environment.STAGING)
