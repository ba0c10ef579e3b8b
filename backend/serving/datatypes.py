"""numpy arrays as Open Inference Protocol tensors (the datatype maps live in backend/kit/tensors.py)."""

from __future__ import annotations

import numpy as np

from backend.kit.tensors import NUMPY_TO_OIP


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
