"""One feature's live window against its reference: the figures, and whether they cross the model's thresholds.

Numeric features: PSI over the reference's deciles, and the two-sample Kolmogorov–Smirnov test. A feature
has drifted when PSI reaches the PSI threshold, or when KS's D reaches the KS threshold with a p-value under
the p-value threshold (D alone is noisy on small windows; the p-value alone flags trivial shifts on large ones).
Categorical features: PSI over the categories and the chi-square goodness-of-fit test; drifted when PSI
reaches its threshold or the chi-square p-value falls under the p-value threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from backend.monitoring import statistics
from backend.monitoring.features import is_categorical


@dataclass(frozen=True)
class Thresholds:
    psi: float = 0.2  # the usual reading: < 0.1 stable, 0.1-0.2 moderate, > 0.2 a significant shift
    ks_statistic: float = 0.1
    p_value: float = 0.01


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Comparison:
    feature_type: str  # NUMERIC | CATEGORICAL
    live_count: int
    reference_count: int
    psi: float
    ks_statistic: float | None
    ks_p_value: float | None
    chi_square: float | None
    chi_square_p_value: float | None
    histogram: statistics.Histogram
    crossed: tuple[str, float, float] | None  # (metric, value, threshold) of the first test that crossed

    @property
    def drifted(self) -> bool:
        return self.crossed is not None


def compare(live: list[Any], reference: list[Any], thresholds: Thresholds, *, min_samples: int) -> Comparison | None:
    """The comparison, or None when either side has fewer than `min_samples` values (no figure yet)."""
    live = [v for v in live if v is not None]
    reference = [v for v in reference if v is not None]
    if len(live) < min_samples or len(reference) < min_samples:
        return None
    if is_categorical(reference) or is_categorical(live):
        return _categorical([str(v) for v in live], [str(v) for v in reference], thresholds)
    return _numeric(np.asarray(live, dtype=np.float64), np.asarray(reference, dtype=np.float64), thresholds)


def _numeric(live: np.ndarray, reference: np.ndarray, thresholds: Thresholds) -> Comparison:
    histogram = statistics.numeric_histogram(live, reference)
    psi = statistics.psi(histogram.live, histogram.reference)
    d, p = statistics.ks_two_sample(live, reference)
    crossed = None
    if psi >= thresholds.psi:
        crossed = ("PSI", psi, thresholds.psi)
    elif d >= thresholds.ks_statistic and p < thresholds.p_value:
        crossed = ("KS", d, thresholds.ks_statistic)
    return Comparison("NUMERIC", len(live), len(reference), psi, d, p, None, None, histogram, crossed)


def _categorical(live: list[str], reference: list[str], thresholds: Thresholds) -> Comparison:
    histogram = statistics.categorical_histogram(live, reference)
    psi = statistics.psi(histogram.live, histogram.reference)
    chi, p = statistics.chi_square(histogram.live, histogram.reference)
    crossed = None
    if psi >= thresholds.psi:
        crossed = ("PSI", psi, thresholds.psi)
    elif p < thresholds.p_value:
        crossed = ("CHI_SQUARE", p, thresholds.p_value)
    return Comparison("CATEGORICAL", len(live), len(reference), psi, None, None, chi, p, histogram, crossed)


def columns_of(rows: list[dict | None]) -> dict[str, list[Any]]:
    """{feature: every value} over logged rows' `inputs` (or `outputs`) objects."""
    merged: dict[str, list[Any]] = {}
    for row in rows:
        for feature, values in (row or {}).items():
            merged.setdefault(feature, []).extend(values)
    return merged
