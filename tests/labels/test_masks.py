"""The mask checks without a server: every voxel's value is checked, whichever shortcut proves it."""

from __future__ import annotations

import numpy as np
import pytest

from backend.kit.errors import BadInput
from backend.labels import masks
from backend.labels.phantoms import DEFAULT_AFFINE, nifti_bytes

SHAPE = (16, 16, 8)
LIMITS = {"max_bytes": 1 << 24, "max_voxels": 1 << 20}


def _check(array: np.ndarray, allowed: list[int]) -> None:
    volume = masks.read_volume(nifti_bytes(array, DEFAULT_AFFINE), field="mask", **LIMITS)
    masks.check_mask(
        volume,
        shape=list(SHAPE),
        affine=[float(v) for v in DEFAULT_AFFINE.reshape(-1)],
        allowed=allowed,
        tolerance=1e-3,
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.uint16, np.int32])
def test_a_mask_within_a_run_of_allowed_values_passes(dtype) -> None:
    array = np.zeros(SHAPE, dtype=dtype)
    array[2:5, 2:5, :] = 3
    array[8, 8, 4] = 7
    _check(array, list(range(8)))


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32])
def test_a_value_in_a_gap_between_allowed_values_is_refused(dtype) -> None:
    """Smallest and largest voxel are both allowed; the one in between is not."""
    array = np.zeros(SHAPE, dtype=dtype)
    array[0, 0, 0], array[1, 1, 1] = 5, 2
    with pytest.raises(BadInput) as refused:
        _check(array, [0, 1, 3, 4, 5])
    assert "label values [2] outside" in refused.value.message and refused.value.field == "mask"


def test_negative_values_are_checked_too() -> None:
    array = np.zeros(SHAPE, dtype=np.int16)
    array[3, 3, 3] = -1
    with pytest.raises(BadInput, match=r"label values \[-1\] outside"):
        _check(array, [0, 1, 2])
    _check(array, [-1, 0, 1])


def test_one_stray_voxel_past_the_allowed_run_is_refused() -> None:
    array = np.ones(SHAPE, dtype=np.uint8)
    array[-1, -1, -1] = 8
    with pytest.raises(BadInput, match=r"label values \[8\] outside"):
        _check(array, list(range(8)))
