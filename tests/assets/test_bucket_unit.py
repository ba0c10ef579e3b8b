"""History's bucket choice without servers: the automatic width is the narrowest readable one that keeps a chart
small, and an asked-for width is checked against the point limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.assets.service import NICE_BUCKETS, choose_bucket
from backend.config import Settings
from backend.kit.errors import BadInput

START = datetime(2026, 3, 1, tzinfo=UTC)


def settings(**overrides: object) -> Settings:
    return Settings(**{"history_auto_points": 2000, "history_max_points": 20000, **overrides})


def auto(span: timedelta, **overrides: object) -> int:
    return choose_bucket(START, START + span, None, settings(**overrides))


@pytest.mark.parametrize(
    "span, bucket",
    [
        (timedelta(seconds=30), 1),
        (timedelta(seconds=2000), 1),  # 2000 points: exactly the limit
        (timedelta(seconds=2001), 2),
        (timedelta(hours=1), 2),  # 1800 points
        (timedelta(hours=6), 15),  # 10 s would give 2160
        (timedelta(days=1), 60),  # 1440 points
        (timedelta(days=7), 600),  # 300 s would give 2016
        (timedelta(days=366), 21600),
    ],
)
def test_the_automatic_bucket_is_the_narrowest_nice_width_within_the_point_budget(span: timedelta, bucket: int) -> None:
    assert auto(span) == bucket
    assert bucket in NICE_BUCKETS
    # Narrower nice widths would pass the budget: this is the first that fits.
    narrower = [b for b in NICE_BUCKETS if b < bucket]
    assert all(-(-span.total_seconds() // b) > 2000 for b in narrower)


def test_the_automatic_bucket_follows_the_configured_budget() -> None:
    assert auto(timedelta(hours=1), history_auto_points=60) == 60
    assert auto(timedelta(hours=1), history_auto_points=59) == 120


def test_a_span_no_nice_width_fits_gets_the_widest() -> None:
    assert auto(timedelta(days=60), history_auto_points=5) == NICE_BUCKETS[-1] == 604800


def test_an_asked_for_bucket_is_kept_even_when_it_is_not_a_nice_width() -> None:
    assert choose_bucket(START, START + timedelta(hours=1), 7, settings()) == 7
    assert choose_bucket(START, START + timedelta(hours=1), 86400, settings()) == 86400  # wider than the range


def test_an_asked_for_bucket_may_give_exactly_the_most_points_and_not_one_more() -> None:
    end = START + timedelta(seconds=20000)
    assert choose_bucket(START, end, 1, settings(history_max_points=20000)) == 1
    with pytest.raises(BadInput) as refused:
        choose_bucket(START, end + timedelta(seconds=1), 1, settings(history_max_points=20000))
    assert refused.value.field == "bucket"
    assert str(refused.value) == (
        "A 1-second bucket gives 20001 points per tag; the most is 20000. Use a wider bucket or leave it out."
    )


@pytest.mark.parametrize("bucket", [0, -60])
def test_a_bucket_below_one_second_is_bad_input(bucket: int) -> None:
    with pytest.raises(BadInput) as refused:
        choose_bucket(START, START + timedelta(hours=1), bucket, settings())
    assert refused.value.field == "bucket"
    assert str(refused.value) == f"`bucket` is a width in seconds, at least 1; got {bucket}."
