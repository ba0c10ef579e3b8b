"""Tensor datatypes as numpy, ONNX Runtime and the Open Inference Protocol name them; the smoke input
every check builds from a signature; and the check that outputs are finite.

Validation's sandbox, the local runtime and the Kubernetes runtime all send a model the same smoke input
and judge its answer the same way, so a model that passed validation passes its deployment smoke test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

# OIP datatype -> numpy dtype; BYTES is an object array of bytes/str.
OIP_TO_NUMPY: dict[str, np.dtype] = {
    "BOOL": np.dtype(np.bool_),
    "UINT8": np.dtype(np.uint8),
    "UINT16": np.dtype(np.uint16),
    "UINT32": np.dtype(np.uint32),
    "UINT64": np.dtype(np.uint64),
    "INT8": np.dtype(np.int8),
    "INT16": np.dtype(np.int16),
    "INT32": np.dtype(np.int32),
    "INT64": np.dtype(np.int64),
    "FP16": np.dtype(np.float16),
    "FP32": np.dtype(np.float32),
    "FP64": np.dtype(np.float64),
    "BYTES": np.dtype(object),
}

NUMPY_TO_OIP: dict[np.dtype, str] = {dtype: name for name, dtype in OIP_TO_NUMPY.items()}

# onnxruntime's type strings ("tensor(float)") -> OIP datatype.
ORT_TO_OIP: dict[str, str] = {
    "tensor(bool)": "BOOL",
    "tensor(uint8)": "UINT8",
    "tensor(uint16)": "UINT16",
    "tensor(uint32)": "UINT32",
    "tensor(uint64)": "UINT64",
    "tensor(int8)": "INT8",
    "tensor(int16)": "INT16",
    "tensor(int32)": "INT32",
    "tensor(int64)": "INT64",
    "tensor(float16)": "FP16",
    "tensor(float)": "FP32",
    "tensor(double)": "FP64",
    "tensor(string)": "BYTES",
}


class UnsupportedInput(ValueError):
    """An input whose datatype no smoke input can be made for."""


def smoke_inputs(signature: Iterable[tuple[str, str | None, Sequence[object] | None]]) -> dict[str, np.ndarray]:
    """Inputs for a smoke run from (name, OIP datatype, shape): free dimensions are 1, floats uniform in
    [0, 1) from a fixed seed, integers and booleans zero (valid indices and counts), strings "a"."""
    rng = np.random.default_rng(0)
    feeds: dict[str, np.ndarray] = {}
    for name, datatype, dims in signature:
        dtype = OIP_TO_NUMPY.get(datatype or "")
        if dtype is None:
            raise UnsupportedInput(f"input {name!r} has datatype {datatype}, which no smoke input can be made for")
        shape = [d if isinstance(d, int) and d >= 0 else 1 for d in dims or []]
        if dtype == np.dtype(object):
            feeds[name] = np.full(shape, "a", dtype=object)
        elif dtype.kind == "f":
            feeds[name] = rng.random(shape).astype(dtype)
        else:
            feeds[name] = np.zeros(shape, dtype=dtype)
    return feeds


def non_finite(outputs: Mapping[str, object]) -> str | None:
    """Which float output holds NaN or infinite values, and how many; None when every one is finite."""
    for name, value in outputs.items():
        if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.inexact) and not np.isfinite(value).all():
            bad = int((~np.isfinite(value)).sum())
            return f"output {name!r} holds {bad} NaN or infinite value(s) of {value.size}"
    return None
