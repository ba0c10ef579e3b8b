"""Drift statistics with numpy only (scipy is a test-only dependency here): PSI, two-sample
Kolmogorov–Smirnov, chi-square. Each returns plain floats; tests/monitoring check them against scipy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BINS = 10  # numeric features: deciles of the reference
EPSILON = 1e-4  # share given to an empty bin, so PSI stays finite when a bin empties out
MAX_CATEGORIES = 50  # the most frequent reference categories; the rest are pooled as "(other)"
OTHER = "(other)"


@dataclass(frozen=True)
class Histogram:
    bins: list  # numeric: the BINS + 1 edges; categorical: the category names
    live: list[int]
    reference: list[int]


def numeric_histogram(live: np.ndarray, reference: np.ndarray) -> Histogram:
    """Counts of both samples over bins at the reference's deciles (the outer bins open-ended for counting)."""
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, BINS + 1)))
    if len(edges) < 2:  # a constant reference: one bin around it
        edges = np.array([edges[0] - 0.5, edges[0] + 0.5])
    inner = edges[1:-1]
    live_counts = np.bincount(np.searchsorted(inner, live, side="right"), minlength=len(edges) - 1)
    ref_counts = np.bincount(np.searchsorted(inner, reference, side="right"), minlength=len(edges) - 1)
    return Histogram([float(e) for e in edges], live_counts.tolist(), ref_counts.tolist())


def categorical_histogram(live: list[str], reference: list[str]) -> Histogram:
    """Counts per category: the reference's most frequent ones, then every other value pooled."""
    names, counts = np.unique(np.asarray(reference, dtype=object).astype(str), return_counts=True)
    kept = [str(n) for n in names[np.argsort(-counts, kind="stable")][:MAX_CATEGORIES]]
    index = {name: i for i, name in enumerate(kept)}
    bins = [*kept, OTHER]

    def count(values: list[str]) -> list[int]:
        out = [0] * len(bins)
        for value in values:
            out[index.get(value, len(kept))] += 1
        return out

    return Histogram(bins, count(live), count(reference))


def psi(live_counts: list[int], reference_counts: list[int]) -> float:
    """Population stability index: sum over bins of (live% - ref%) * ln(live% / ref%)."""
    live = _shares(live_counts)
    ref = _shares(reference_counts)
    return float(np.sum((live - ref) * np.log(live / ref)))


def _shares(counts: list[int]) -> np.ndarray:
    array = np.asarray(counts, dtype=np.float64)
    total = array.sum()
    shares = array / total if total else np.full(len(array), 1 / len(array))
    return np.maximum(shares, EPSILON)


def ks_two_sample(live: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """(D, p-value): the largest gap between the two empirical CDFs, and its asymptotic p-value."""
    a, b = np.sort(live), np.sort(reference)
    points = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, points, side="right") / len(a)
    cdf_b = np.searchsorted(b, points, side="right") / len(b)
    d = float(np.max(np.abs(cdf_a - cdf_b)))
    n = len(a) * len(b) / (len(a) + len(b))
    return d, kolmogorov_sf((math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d)


def kolmogorov_sf(x: float) -> float:
    """P(K > x) for the Kolmogorov distribution: 2 * sum (-1)^(k-1) exp(-2 k^2 x^2)."""
    if x < 0.2:
        return 1.0
    total = 0.0
    for k in range(1, 101):
        term = 2 * (-1) ** (k - 1) * math.exp(-2 * k * k * x * x)
        total += term
        if abs(term) < 1e-12:
            break
    return min(1.0, max(0.0, total))


def chi_square(live_counts: list[int], reference_counts: list[int]) -> tuple[float, float]:
    """(statistic, p-value) of the live counts against the reference's shares (goodness of fit).

    Categories the reference never saw get a small expected share (EPSILON) instead of zero, so a new
    category counts heavily rather than dividing by zero.
    """
    observed = np.asarray(live_counts, dtype=np.float64)
    expected = _shares(reference_counts)
    expected = expected / expected.sum() * observed.sum()
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    dof = max(1, int(np.count_nonzero(np.asarray(reference_counts) + observed)) - 1)
    return statistic, chi_square_sf(statistic, dof)


def chi_square_sf(x: float, dof: int) -> float:
    """P(X > x) for chi-square with `dof` degrees of freedom: the regularized upper incomplete gamma Q(dof/2, x/2)."""
    if x <= 0:
        return 1.0
    return _gamma_q(dof / 2, x / 2)


def _gamma_q(a: float, x: float) -> float:
    # Numerical Recipes: the series for P when x < a + 1, the continued fraction (Lentz) for Q otherwise.
    log_prefix = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        ap = a
        for _ in range(10_000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return min(1.0, math.exp(log_prefix) * h)
