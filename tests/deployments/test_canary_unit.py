"""The canary's arithmetic without servers: window P95, readings diffed, when a step is judged, the verdict
(error rate and the latency rollback that the rollout tests switch off), and which steps a canary takes."""

from __future__ import annotations

import math

import pytest

from backend.config import Settings
from backend.deployments.canary import MIN_STABLE_REQUESTS, Window, since, to_dict, verdict
from backend.deployments.canary import ready_to_check as ready
from backend.deployments.lifecycle import Strategy
from backend.deployments.runtimes.base import VersionStats
from backend.deployments.service import canary_steps
from backend.kit.errors import BadInput

INF = math.inf
BOUNDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, INF)


def settings(**overrides: object) -> Settings:
    """The canary settings named explicitly, so SLIPWAY_* variables of the shell running the tests change nothing."""
    fields: dict = {
        "canary_step_seconds": 60,
        "canary_step_max_seconds": 600,
        "canary_min_requests": 50,
        "canary_max_error_rate": 0.05,
        "canary_max_p95_ratio": 2.0,
        "deploy_canary_steps": [10, 50, 100],
    }
    return Settings(**{**fields, **overrides})


def window(per_bucket: dict[float, int], errors: int = 0) -> Window:
    """A window whose requests took the given upper bounds (seconds -> count), as cumulative buckets."""
    total, buckets = 0, []
    for le in BOUNDS:
        total += per_bucket.get(le, 0)
        buckets.append((le, total))
    return Window(total, errors, tuple(buckets))


# --- P95 of a window ------------------------------------------------------------------------------------------------


def test_p95_is_the_upper_bound_of_the_bucket_that_holds_the_95th_percentile() -> None:
    assert window({0.01: 100}).p95() == 0.01
    assert window({0.01: 94, 0.5: 6}).p95() == 0.5  # 94 % below 10 ms: the 95th request took up to 500 ms
    assert window({0.01: 95, 0.5: 5}).p95() == 0.01  # exactly 95 % below 10 ms


def test_p95_past_the_last_finite_bucket_is_that_bucket_s_bound_and_nothing_is_none() -> None:
    assert window({0.01: 10, INF: 90}).p95() == 2.5  # JSON and the message need a number, not infinity
    assert Window(1, 0, ((INF, 1),)).p95() is None  # no finite bucket at all
    assert window({}).p95() is None
    assert Window(0, 0, ()).p95() is None


# --- readings diffed into a window ----------------------------------------------------------------------------------


def stats(requests: int, errors: int, buckets: tuple[tuple[float, int], ...]) -> VersionStats:
    return VersionStats(requests=requests, errors=errors, latency_buckets=buckets)


def test_a_window_is_the_later_reading_minus_the_earlier_one_through_its_json() -> None:
    before = stats(10, 1, ((0.1, 8), (1.0, 10), (INF, 10)))
    after = stats(30, 4, ((0.1, 20), (1.0, 29), (INF, 30)))
    assert to_dict(before)["buckets"][-1] == ["+Inf", 10]  # stored as JSON, which has no infinity
    assert since(after, to_dict(before)) == Window(20, 3, ((0.1, 12), (1.0, 19), (INF, 20)))
    assert since(after, None) == Window(30, 4, after.latency_buckets)


def test_counters_that_went_back_count_from_zero_a_reloaded_version() -> None:
    before = stats(100, 10, ((0.1, 90), (INF, 100)))
    reloaded = stats(7, 1, ((0.1, 6), (INF, 7)))
    assert since(reloaded, to_dict(before)) == Window(7, 1, ((0.1, 6), (INF, 7)))


# --- when a step is judged ------------------------------------------------------------------------------------------


def test_a_step_is_judged_after_its_time_with_enough_requests_or_at_its_time_limit() -> None:
    s = settings(canary_step_seconds=60, canary_step_max_seconds=600, canary_min_requests=50)
    enough, few = window({0.01: 50}), window({0.01: 3})
    assert not ready(enough, 59.9, s)  # never before the step's least time, however many requests came
    assert ready(enough, 60, s)
    assert not ready(few, 599, s)  # too few: wait for more
    assert ready(few, 600, s)  # until the limit, then judge what came


# --- the verdict ----------------------------------------------------------------------------------------------------


def test_an_error_rate_above_the_limit_fails_the_step_with_the_numbers() -> None:
    failure, numbers = verdict(window({0.01: 100}, errors=6), None, settings(canary_max_error_rate=0.05))
    assert failure == "error rate 0.060 (6 of 100 requests failed) is above the limit 0.050"
    assert numbers == "100 requests, error rate 0.060"


def test_an_error_rate_at_the_limit_passes() -> None:
    failure, numbers = verdict(window({0.01: 100}, errors=5), None, settings(canary_max_error_rate=0.05))
    assert failure is None
    assert numbers == "100 requests, error rate 0.050, P95 ≤ 10.0 ms"


def test_a_canary_p95_above_the_ratio_times_the_stable_one_is_rolled_back_with_the_reason() -> None:
    canary, stable = window({0.01: 90, 0.25: 10}), window({0.01: 100})
    failure, numbers = verdict(canary, stable, settings(canary_max_p95_ratio=2.0))
    assert failure == "P95 latency ≤ 250.0 ms is above 2 × the stable version's 10.0 ms"
    assert numbers == "100 requests, error rate 0.000, P95 ≤ 250.0 ms (stable ≤ 10.0 ms)"


def test_a_canary_p95_within_the_ratio_passes() -> None:
    canary, stable = window({0.025: 100}), window({0.01: 100})  # 25 ms against 10 ms: 2.5 ×
    assert verdict(canary, stable, settings(canary_max_p95_ratio=3.0))[0] is None
    assert verdict(canary, stable, settings(canary_max_p95_ratio=2.5))[0] is None  # at the ratio: passes
    assert verdict(canary, stable, settings(canary_max_p95_ratio=2.4))[0] is not None


def test_the_ratio_the_rollout_tests_set_lets_any_slow_canary_through() -> None:
    """The rollout tests run with SLIPWAY_CANARY_MAX_P95_RATIO=1000 (a shared machine's latency is noise);
    this is the check they do not exercise, and how far that setting switches it off."""
    canary, stable = window({2.5: 100}), window({0.005: 100})  # 500 ×
    assert verdict(canary, stable, settings(canary_max_p95_ratio=1000))[0] is None
    assert (
        verdict(canary, stable, settings(canary_max_p95_ratio=2.0))[0]
        == "P95 latency ≤ 2500.0 ms is above 2 × the stable version's 5.0 ms"
    )


def test_errors_are_judged_before_latency() -> None:
    canary, stable = window({2.5: 100}, errors=50), window({0.005: 100})
    assert verdict(canary, stable, settings())[0].startswith("error rate 0.500 (50 of 100 requests failed)")


def test_latency_is_not_compared_with_a_stable_version_that_saw_too_few_requests() -> None:
    canary = window({2.5: 100})
    thin = window({0.005: MIN_STABLE_REQUESTS - 1})
    failure, numbers = verdict(canary, thin, settings())
    assert failure is None and "stable" not in numbers
    assert verdict(canary, window({0.005: MIN_STABLE_REQUESTS}), settings())[0] is not None


def test_without_a_stable_reading_the_last_step_is_judged_on_errors_only() -> None:
    failure, numbers = verdict(window({2.5: 100}), None, settings())
    assert failure is None
    assert numbers == "100 requests, error rate 0.000, P95 ≤ 2500.0 ms"


def test_a_step_no_request_reached_passes_and_says_so() -> None:
    assert verdict(window({}), window({0.01: 100}), settings()) == (None, "no requests reached the canary in this step")


# --- the steps a canary takes ---------------------------------------------------------------------------------------


def test_canary_steps_end_at_100_and_default_to_the_settings() -> None:
    s = settings(deploy_canary_steps=[10, 50, 100])
    assert canary_steps(Strategy.CANARY, [20, 60], s) == [20, 60, 100]
    assert canary_steps(Strategy.CANARY, [5, 100], s) == [5, 100]
    assert canary_steps(Strategy.CANARY, [100], s) == [100]
    assert canary_steps(Strategy.CANARY, None, s) == [10, 50, 100]
    assert canary_steps(Strategy.CANARY, [], s) == [10, 50, 100]
    assert canary_steps(Strategy.CANARY, None, settings(deploy_canary_steps=[25])) == [25, 100]


@pytest.mark.parametrize("steps", [[0, 50], [50, 101], [50, 50], [60, 20], [-10]])
def test_canary_steps_that_are_not_increasing_percentages_are_bad_input(steps: list[int]) -> None:
    with pytest.raises(BadInput) as refused:
        canary_steps(Strategy.CANARY, steps, settings())
    assert refused.value.field == "canarySteps"
    assert str(refused.value) == (
        f"`canarySteps` are increasing percentages between 1 and 100, e.g. [10, 50, 100]; got {steps}."
    )


@pytest.mark.parametrize("strategy", [Strategy.DIRECT, Strategy.BLUE_GREEN])
def test_other_strategies_take_no_steps_and_refuse_them(strategy: Strategy) -> None:
    assert canary_steps(strategy, None, settings()) == []
    assert canary_steps(strategy, [], settings()) == []
    with pytest.raises(BadInput, match="applies to the CANARY strategy only") as refused:
        canary_steps(strategy, [50], settings())
    assert refused.value.field == "canarySteps"
