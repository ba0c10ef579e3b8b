"""The smoke request every runtime sends before a version takes traffic."""

from __future__ import annotations

import numpy as np

from backend.deployments.runtime import RuntimeCheckFailed
from backend.serving.datatypes import OIP_TO_NUMPY


def smoke_inputs(metadata: dict) -> dict[str, np.ndarray]:
    """Inputs made from the served signature, like validation's smoke run: free dimensions are 1."""
    rng = np.random.default_rng(0)
    feeds: dict[str, np.ndarray] = {}
    for spec in metadata.get("inputs", []):
        dtype = OIP_TO_NUMPY.get(spec.get("datatype", ""))
        if dtype is None:
            raise RuntimeCheckFailed(f"input {spec.get('name')!r} has datatype {spec.get('datatype')}, which the "
                                     "smoke request cannot generate")
        dtype = np.dtype(dtype)
        shape = [d if isinstance(d, int) and d >= 0 else 1 for d in spec.get("shape", [])]
        if dtype == np.dtype(object):
            feeds[spec["name"]] = np.full(shape, "x", dtype=object)
        elif dtype.kind == "f":
            feeds[spec["name"]] = rng.random(shape).astype(dtype)
        else:
            feeds[spec["name"]] = np.zeros(shape, dtype=dtype)  # zeros are valid indices and counts
    if not feeds:
        raise RuntimeCheckFailed("the model's metadata lists no inputs, so no smoke request can be made.")
    return feeds
