"""Tensors as monitored features: one column of a [batch, k] tensor is one feature, one value per row.

Pure functions, shared by the model server (which logs features) and the drift job (which reads them).
A tensor of more than MAX_COLUMNS values per row (an image, an embedding) is not logged: per-pixel drift
figures say nothing a person can act on, and they would make every row large.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

MAX_COLUMNS = 64  # values per row of one tensor; wider tensors are left out of the log
MAX_ROWS = 256  # rows of one request kept; a larger batch logs its first MAX_ROWS rows


def feature_columns(tensors: dict[str, np.ndarray]) -> dict[str, list[Any]]:
    """{feature name: values}: `x` for a [batch] tensor, `x[j]` for column j of a [batch, k] one.

    Numbers become floats (NaN and infinities become None, which JSON can hold); strings, bytes and booleans
    become strings, and are compared as categories. One conversion per tensor, not per column: the model
    server runs this for every logged request.
    """
    columns: dict[str, list[Any]] = {}
    for name, value in tensors.items():
        array = np.asarray(value)
        flat = array.reshape(1, 1) if array.ndim == 0 else array.reshape(array.shape[0], -1)
        if flat.shape[1] > MAX_COLUMNS or flat.shape[0] == 0:
            continue
        # tolist() and zip() beat numpy's per-column calls on the few rows a request has.
        columns_of = [list(column) for column in zip(*flat[:MAX_ROWS].tolist(), strict=True)]
        if flat.dtype.kind == "f":
            values = [
                c if all(map(math.isfinite, c)) else [v if math.isfinite(v) else None for v in c] for c in columns_of
            ]
        elif flat.dtype.kind in "iu":
            values = columns_of
        else:
            values = [[_text(v) for v in c] for c in columns_of]
        columns.update(zip(_names(name, flat.shape[1], array.ndim <= 1), values, strict=True))
    return columns


@functools.lru_cache(maxsize=1024)
def _names(name: str, width: int, single: bool) -> tuple[str, ...]:
    return (name,) if single else tuple(f"{name}[{j}]" for j in range(width))


def _text(value: object) -> str:
    if isinstance(value, bytes | np.bytes_):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def is_categorical(values: list[Any]) -> bool:
    """A column read back from the log is categorical when its values are strings."""
    return any(isinstance(v, str) for v in values)


def column_names(name: str, width: int) -> tuple[str, ...]:
    """The feature names of a [batch, width] tensor's columns, as the payload log writes them."""
    return _names(name, width, False)
