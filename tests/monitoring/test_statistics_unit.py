"""Drift figures (numpy only in the product) checked against scipy, and the drift verdicts on clear cases."""

from __future__ import annotations

import math

import numpy as np
import orjson
import pytest
from scipy import special, stats

from backend.monitoring import statistics
from backend.monitoring.drift import Thresholds, columns_of, compare
from backend.monitoring.features import MAX_COLUMNS, feature_columns, features_json

RNG = np.random.default_rng(7)


@pytest.mark.parametrize(("x", "dof"), [(0.5, 1), (3.84, 1), (10.0, 3), (42.0, 20), (150.0, 49), (1e-3, 5), (80.0, 2)])
def test_chi_square_tail_matches_scipy(x: float, dof: int) -> None:
    assert statistics.chi_square_sf(x, dof) == pytest.approx(stats.chi2.sf(x, dof), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("x", [0.1, 0.3, 0.5, 0.8, 1.0, 1.36, 2.0, 3.0])
def test_kolmogorov_tail_matches_scipy(x: float) -> None:
    assert statistics.kolmogorov_sf(x) == pytest.approx(special.kolmogorov(x), abs=1e-6)


@pytest.mark.parametrize("shift", [0.0, 0.05, 0.2, 1.0])
def test_ks_matches_scipy(shift: float) -> None:
    live = RNG.normal(shift, 1, 1500)
    reference = RNG.normal(0, 1, 2000)
    d, p = statistics.ks_two_sample(live, reference)
    expected = stats.ks_2samp(live, reference, method="asymp")
    assert d == pytest.approx(expected.statistic, abs=1e-12)
    assert p == pytest.approx(expected.pvalue, abs=0.01)


def test_chi_square_matches_scipy_goodness_of_fit() -> None:
    reference = [500, 300, 200]
    live = [420, 330, 250]
    statistic, p = statistics.chi_square(live, reference)
    expected = stats.chisquare(live, np.array(reference) / sum(reference) * sum(live))
    assert statistic == pytest.approx(expected.statistic, rel=1e-6)
    assert p == pytest.approx(expected.pvalue, rel=1e-6)


def test_psi_by_hand() -> None:
    # (0.5-0.25) ln(0.5/0.25) + (0.5-0.75) ln(0.5/0.75)
    assert statistics.psi([50, 50], [25, 75]) == pytest.approx(0.25 * math.log(2) - 0.25 * math.log(2 / 3))
    assert statistics.psi([10, 20, 30], [1, 2, 3]) == pytest.approx(0.0)


def test_psi_stays_finite_when_a_bin_empties() -> None:
    assert math.isfinite(statistics.psi([0, 100], [50, 50]))


def test_numeric_histogram_uses_reference_deciles_and_counts_everything() -> None:
    reference = RNG.uniform(0, 1, 10_000)
    live = RNG.uniform(5, 6, 300)  # all above the reference: the last bin holds them
    histogram = statistics.numeric_histogram(live, reference)
    assert len(histogram.bins) == 11 and sum(histogram.live) == 300 and sum(histogram.reference) == 10_000
    assert histogram.live[-1] == 300
    assert all(900 <= c <= 1100 for c in histogram.reference)


LIMITS = Thresholds()


def test_same_distribution_is_not_drift() -> None:
    found = compare(RNG.normal(0, 1, 3000).tolist(), RNG.normal(0, 1, 3000).tolist(), LIMITS, min_samples=500)
    assert found is not None and not found.drifted and found.psi < 0.05, found


def test_a_one_sigma_shift_is_drift_by_psi() -> None:
    found = compare(RNG.normal(1, 1, 3000).tolist(), RNG.normal(0, 1, 3000).tolist(), LIMITS, min_samples=500)
    assert found is not None and found.crossed is not None and found.crossed[0] == "PSI", found


def test_a_small_shift_on_large_samples_is_caught_by_ks() -> None:
    found = compare(RNG.normal(0.3, 1, 20000).tolist(), RNG.normal(0, 1, 20000).tolist(), LIMITS, min_samples=500)
    assert found is not None and found.psi < LIMITS.psi and found.crossed is not None and found.crossed[0] == "KS"


def test_a_new_category_is_drift_by_chi_square() -> None:
    reference = ["a"] * 600 + ["b"] * 400
    live = ["a"] * 560 + ["b"] * 400 + ["c"] * 40
    found = compare(live, reference, LIMITS, min_samples=500)
    assert found is not None and found.feature_type == "CATEGORICAL" and found.drifted, found
    assert found.histogram.bins[-1] == "(other)" and found.histogram.live[-1] == 40


def test_too_few_values_give_no_figure() -> None:
    assert compare([1.0] * 499, [1.0] * 1000, LIMITS, min_samples=500) is None
    assert compare([1.0, None] * 499, [1.0] * 1000, LIMITS, min_samples=500) is None


def test_feature_columns_name_each_column_and_keep_json_values() -> None:
    found = feature_columns(
        {
            "x": np.array([[1.0, np.nan], [3.0, np.inf]], dtype=np.float32),
            "label": np.array([b"cat", b"\xff"], dtype=object),
            "score": np.array([0.5, 0.25]),
            "flag": np.array([True, False]),
            "image": np.zeros((2, MAX_COLUMNS + 1)),
        }
    )
    assert found == {
        "x[0]": [1.0, 3.0],
        "x[1]": [None, None],
        "label": ["cat", "\ufffd"],
        "score": [0.5, 0.25],
        "flag": ["true", "false"],
    }
    assert columns_of([{"a": [1, 2]}, None, {"a": [3]}]) == {"a": [1, 2, 3]}


def test_features_json_of_many_requests_reads_back_as_feature_columns_of_each() -> None:
    rng = np.random.default_rng(3)
    one_row = [{"x": rng.normal(size=(1, 4)).astype(np.float32)} for _ in range(5)]
    one_row[2]["x"][0, 1] = np.nan  # a NaN in one request of an alike group
    requests: list[dict | None] = [
        *one_row,
        None,
        {"label": np.array([7], dtype=np.int64), "p": np.array([[0.25, 0.75]], dtype=np.float64)},
        {"label": np.array([2**64 - 1], dtype=np.uint64), "p": np.array([[np.inf, -0.0]], dtype=np.float64)},
        {"cube": rng.normal(size=(1, 2, 3)), "scalar": np.array(1.5)},  # a rank-0 tensor: the general way
        {"x": rng.normal(size=(3, 4)).astype(np.float32)},  # a batch: the general way
        {"text": np.array([b"a", b"b"], dtype=object)},
        {"image": np.zeros((1, MAX_COLUMNS + 1))},
        {'odd "%s" name': np.array([[1, 2]], dtype=np.int32)},
        # Alike requests of several tensors: each one's values land in its own text, in its own order.
        *(
            {"label": np.array([i], dtype=np.int64), "p": np.array([[i / 4, 1 - i / 4]], dtype=np.float32)}
            for i in range(3)
        ),
    ]
    texts = features_json(requests)
    assert texts[5] is None
    for request, found in zip(requests, texts, strict=True):
        if request is not None:
            assert found is not None and orjson.loads(found) == feature_columns(request), request
    assert orjson.loads(texts[2])["x[1]"] == [None]
