"""How a shadow's outputs compare with production's, window by window."""

from __future__ import annotations

import numpy as np


def percentile(values: list[float], pct: float) -> float | None:
    return float(np.percentile(np.asarray(values), pct)) if values else None


def compare(reference: np.ndarray, shadow: np.ndarray, *, tolerance: float) -> dict:
    """Mean absolute difference, and the share of windows that agree (same class, or within the tolerance)."""
    if reference.shape != shadow.shape:
        # Different output widths never agree; the difference is taken over what both have.
        width = min(reference.shape[1], shadow.shape[1])
        diff = np.abs(reference[:, :width] - shadow[:, :width])
        return {"agreementRate": 0.0, "meanAbsDifference": float(diff.mean()) if diff.size else None}
    diff = np.abs(reference - shadow)
    if reference.dtype.kind in "iu" or shadow.dtype.kind in "iu":
        allowed: np.ndarray | float = 0.0  # integer outputs are classes: class 101 is not "close" to class 100
    else:
        allowed = tolerance * np.maximum(1.0, np.abs(reference))  # relative for large values, absolute near zero
    agree = (diff <= allowed).all(axis=1)
    return {
        "agreementRate": float(agree.mean()) if agree.size else None,
        "meanAbsDifference": float(diff.mean()) if diff.size else None,
    }
