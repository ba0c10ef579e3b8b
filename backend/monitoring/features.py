"""Tensors as monitored features: one column of a [batch, k] tensor is one feature, one value per row.

Pure functions, shared by the model server (which logs features) and the drift job (which reads them).
A tensor of more than MAX_COLUMNS values per row (an image, an embedding) is not logged: per-pixel drift
figures say nothing a person can act on, and they would make every row large.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson

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


def features_json(requests: Sequence[dict[str, np.ndarray] | None]) -> list[str | None]:
    """The JSON text of `feature_columns` of each request's tensors (None stays None), many requests at once.

    The model server logs thousands of requests a second, and most are alike: the same numeric tensors, one
    row each. Those are stacked per tensor, encoded by orjson in one call per tensor, and the values filled
    into the group's template with one format call for the whole group, whose result is cut at separators:
    Python does a handful of calls per group rather than per request. Any other request (a batch, text, an
    odd shape) takes `feature_columns`; both give the same values, NaN and infinities as null.
    """
    texts: list[str | None] = [None] * len(requests)
    alike: dict[tuple, list[int]] = {}
    for index, tensors in enumerate(requests):
        if tensors is None:
            continue
        try:
            key = tuple([(name, value.dtype, value.shape) for name, value in tensors.items()])
        except AttributeError:  # not arrays
            key = ()
        if _one_numeric_row(key):
            alike.setdefault(key, []).append(index)
        else:
            texts[index] = _dumps(tensors)
    for key, members in alike.items():
        values = [_value_texts(np.concatenate([requests[i][name] for i in members])) for name, _, _ in key]  # type: ignore[index]
        row_major = values[0] if len(values) == 1 else np.hstack(values)  # one request's values side by side
        filled = _GROUP_SEPARATOR.join(itertools.repeat(_template(key), len(members))) % tuple(
            row_major.ravel().tolist()
        )
        for i, text in zip(members, filled.split(_GROUP_SEPARATOR), strict=True):
            texts[i] = text
    return texts


# Between two requests' texts in a group's fill: no number holds it, and JSON escapes it in a feature's name.
_GROUP_SEPARATOR = "\x1f"


@functools.lru_cache(maxsize=256)
def _one_numeric_row(key: tuple) -> bool:
    return bool(key) and all(
        dtype.kind in "fiu" and len(shape) >= 1 and shape[0] == 1 and 0 < math.prod(shape[1:]) <= MAX_COLUMNS
        for _, dtype, shape in key
    )


def _value_texts(stacked: np.ndarray) -> np.ndarray:
    """The JSON text of each value of `stacked`, as an object array [rows, values per row]: one orjson call."""
    flat = stacked.reshape(stacked.shape[0], -1)
    if flat.dtype.kind == "f" and flat.dtype.itemsize < 8:
        flat = flat.astype(np.float64)  # as tolist() gives them: the float32's exact value, not its short form
    text = orjson.dumps(np.ascontiguousarray(flat), option=orjson.OPT_SERIALIZE_NUMPY).decode()
    values = text[2:-2].replace("],[", ",").split(",")  # numbers hold no brackets
    return np.array(values, dtype=object).reshape(flat.shape)


@functools.lru_cache(maxsize=256)
def _template(key: tuple) -> str:
    """`{"x[0]":[%s],"x[1]":[%s]}` for the requests of `key`: one slot per feature, in feature_columns' order."""
    names = itertools.chain.from_iterable(_names(name, math.prod(shape[1:]), len(shape) <= 1) for name, _, shape in key)
    fields = (orjson.dumps(name).decode().replace("%", "%%") + ":[%s]" for name in names)
    return "{" + ",".join(fields) + "}"


def _dumps(tensors: dict[str, np.ndarray]) -> str:
    return orjson.dumps(feature_columns(tensors)).decode()


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
