"""Scoring's pure parts without servers: how a shadow's outputs compare with production's, the latency
percentiles, and which model inputs a scoring run can feed."""

from __future__ import annotations

import types

import numpy as np
import pytest

from backend.kit.errors import BadInput
from backend.scoring.metrics import compare, percentile
from backend.scoring.service import Signature, signature


def rows(*values: list[float]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# --- compare --------------------------------------------------------------------------------------------------------


def test_identical_outputs_agree_everywhere_with_no_difference() -> None:
    same = rows([0.2, 0.8], [0.9, 0.1])
    assert compare(same, same.copy(), tolerance=0.01) == {"agreementRate": 1.0, "meanAbsDifference": 0.0}


def test_near_zero_the_tolerance_is_absolute() -> None:
    reference = rows([0.0], [0.5], [-0.3])
    close = rows([0.009], [0.505], [-0.291])  # each within 0.01
    assert compare(reference, close, tolerance=0.01)["agreementRate"] == 1.0
    apart = rows([0.011], [0.5], [-0.3])  # the first window is 0.011 away
    assert compare(reference, apart, tolerance=0.01)["agreementRate"] == pytest.approx(2 / 3)


def test_for_large_values_the_tolerance_is_relative() -> None:
    reference = rows([1000.0], [1000.0])
    result = compare(reference, rows([1009.0], [1011.0]), tolerance=0.01)  # allowed: 1 % of 1000 = 10
    assert result["agreementRate"] == 0.5
    assert result["meanAbsDifference"] == pytest.approx(10.0)


def test_a_window_agrees_only_when_every_output_of_it_does() -> None:
    reference = rows([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    shadow = rows([1.0, 2.0, 3.0], [1.0, 2.0, 3.5])
    result = compare(reference, shadow, tolerance=0.01)
    assert result["agreementRate"] == 0.5
    assert result["meanAbsDifference"] == pytest.approx(0.5 / 6)


def test_small_class_labels_must_match_exactly() -> None:
    reference = np.array([[0], [1], [2], [2]], dtype=np.int64)
    shadow = np.array([[0], [1], [2], [1]], dtype=np.int64)
    assert compare(reference, shadow, tolerance=0.01) == {"agreementRate": 0.75, "meanAbsDifference": 0.25}


def test_large_class_labels_must_match_exactly_too() -> None:
    reference = np.array([[100], [250]], dtype=np.int64)
    shadow = np.array([[101], [251]], dtype=np.int64)
    assert compare(reference, shadow, tolerance=0.01)["agreementRate"] == 0.0


def test_outputs_of_different_widths_never_agree_and_differ_over_the_shared_columns() -> None:
    reference = rows([1.0, 2.0], [3.0, 4.0])
    shadow = rows([1.5], [3.0])
    assert compare(reference, shadow, tolerance=0.01) == {"agreementRate": 0.0, "meanAbsDifference": 0.25}


def test_no_windows_give_no_numbers() -> None:
    empty = np.zeros((0, 2))
    assert compare(empty, empty.copy(), tolerance=0.01) == {"agreementRate": None, "meanAbsDifference": None}


# --- latency percentiles --------------------------------------------------------------------------------------------


def test_percentiles_interpolate_and_no_latencies_give_none() -> None:
    latencies = [float(ms) for ms in range(1, 101)]  # 1 … 100 ms
    assert percentile(latencies, 50) == pytest.approx(50.5)
    assert percentile(latencies, 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) is None


# --- what a scoring run can feed ------------------------------------------------------------------------------------


def version(*inputs: dict, number: int = 3) -> types.SimpleNamespace:
    return types.SimpleNamespace(version=number, facts={"inputs": list(inputs)})


def test_one_float_input_of_windows_by_features_is_the_signature() -> None:
    assert signature(version({"name": "x", "dtype": "float", "shape": ["batch", 4]})) == Signature(
        "x", "float", 4, batched=True
    )
    assert signature(version({"name": "x", "dtype": "double", "shape": [1, "4"]})) == Signature(
        "x", "double", 4, batched=False
    )


@pytest.mark.parametrize(
    "inputs, words",
    [
        ((), "has 0 inputs"),
        (
            ({"name": "a", "dtype": "float", "shape": [1, 2]}, {"name": "b", "dtype": "float", "shape": [1, 2]}),
            "has 2 inputs",
        ),
        (({"name": "x", "dtype": "int64", "shape": ["batch", 4]},), "takes 'x' as int64 ['batch', 4]"),
        (({"name": "x", "dtype": "float", "shape": ["batch", 4, 4]},), "takes 'x' as float ['batch', 4, 4]"),
        (({"name": "x", "dtype": "float", "shape": ["batch", "features"]},), "with a fixed feature count"),
    ],
)
def test_any_other_input_is_bad_input_naming_the_version_and_what_it_takes(inputs: tuple, words: str) -> None:
    with pytest.raises(BadInput) as refused:
        signature(version(*inputs, number=3))
    assert refused.value.field == "modelName"
    assert str(refused.value).startswith("Version 3 ") and words in str(refused.value), str(refused.value)
