"""Open Inference Protocol datatype names and their numpy equivalents (both directions)."""

from __future__ import annotations

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


def oip_datatype(array: np.ndarray) -> str:
    """The OIP datatype of a numpy array (str/bytes arrays are BYTES)."""
    if array.dtype.kind in ("U", "S", "O"):
        return "BYTES"
    try:
        return NUMPY_TO_OIP[array.dtype]
    except KeyError:
        raise ValueError(f"numpy dtype {array.dtype} has no Open Inference Protocol datatype") from None


def to_json_data(array: np.ndarray) -> list:
    """Row-major flat data of `array` as JSON values (BYTES as text)."""
    flat = array.reshape(-1)
    if array.dtype.kind in ("U", "S", "O"):
        return [v.decode() if isinstance(v, bytes) else str(v) for v in flat]
    return flat.tolist()
