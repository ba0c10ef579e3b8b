"""The one smoke input and finite-output check that validation and both runtimes share."""

from __future__ import annotations

import numpy as np
import pytest

from backend.kit.tensors import OIP_TO_NUMPY, ORT_TO_OIP, UnsupportedInput, non_finite, smoke_inputs


def test_free_dimensions_are_one_and_each_kind_gets_a_valid_value() -> None:
    feeds = smoke_inputs(
        [("x", "FP32", [None, 4]), ("ids", "INT64", ["batch", 2]), ("on", "BOOL", [3]), ("word", "BYTES", [-1])]
    )
    assert feeds["x"].shape == (1, 4) and feeds["x"].dtype == np.float32
    assert ((feeds["x"] >= 0) & (feeds["x"] < 1)).all()
    assert feeds["ids"].shape == (1, 2) and not feeds["ids"].any()  # zeros: valid indices and counts
    assert feeds["on"].dtype == np.bool_ and feeds["word"].tolist() == ["a"]


def test_the_same_signature_gets_the_same_input_every_time() -> None:
    first, second = (smoke_inputs([("x", "FP64", [2, 2])]) for _ in range(2))
    np.testing.assert_array_equal(first["x"], second["x"])


def test_every_onnxruntime_type_maps_to_a_numpy_dtype() -> None:
    assert set(ORT_TO_OIP.values()) <= set(OIP_TO_NUMPY)
    signature = [(name, oip, [1]) for name, oip in ORT_TO_OIP.items()]
    assert set(smoke_inputs(signature)) == set(ORT_TO_OIP)


def test_an_input_of_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedInput, match="input 'img'"):
        smoke_inputs([("img", ORT_TO_OIP.get("tensor(complex64)"), [1])])


def test_non_finite_names_the_output_and_counts_the_bad_values() -> None:
    assert non_finite({"y": np.array([0.5, 1.0]), "label": np.array([1, 2])}) is None
    problem = non_finite({"ok": np.zeros(2), "y": np.array([np.nan, 1.0, np.inf], dtype=np.float32)})
    assert problem == "output 'y' holds 2 NaN or infinite value(s) of 3"
