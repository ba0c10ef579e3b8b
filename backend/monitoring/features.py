"""Tensors as monitored features: one column of a [batch, k] tensor is one feature, one value per row.

Pure functions, shared by the model server (which logs features) and the drift job (which reads them).
A tensor of more than MAX_COLUMNS values per row (an image, an embedding) is not logged: per-pixel drift
figures say nothing a person can act on, and they would make every row large.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MAX_COLUMNS = 64  # values per row of one tensor; wider tensors are left out of the log
MAX_ROWS = 256  # rows of one request kept; a larger batch logs its first MAX_ROWS rows


def feature_columns(tensors: dict[str, np.ndarray]) -> dict[str, list[Any]]:
    """{feature name: values}: `x` for a [batch] tensor, `x[j]` for column j of a [batch, k] one.

    Numbers become floats (NaN and infinities become None, which JSON can hold); strings, bytes and booleans
    become strings, and are compared as categories.
    """
    columns: dict[str, list[Any]] = {}
    for name, value in tensors.items():
        array = np.asarray(value)
        flat = array.reshape(1, 1) if array.ndim == 0 else array.reshape(array.shape[0], -1)
        if flat.shape[1] > MAX_COLUMNS or flat.shape[0] == 0:
            continue
        flat = flat[:MAX_ROWS]
        single = array.ndim <= 1
        categorical = flat.dtype.kind not in "fiu"
        for j in range(flat.shape[1]):
            column = flat[:, j]
            key = name if single else f"{name}[{j}]"
            columns[key] = [_text(v) for v in column] if categorical else _numbers(column)
    return columns


def _numbers(column: np.ndarray) -> list[float | None]:
    values = column.astype(np.float64).tolist()
    return [v if math.isfinite(v) else None for v in values]


def _text(value: object) -> str:
    if isinstance(value, bytes | np.bytes_):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def is_categorical(values: list[Any]) -> bool:
    """A column read back from the log is categorical when its values are strings."""
    return any(isinstance(v, str) for v in values)
