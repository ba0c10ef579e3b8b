"""The smoke request every runtime sends before a version takes traffic, judged as validation judges it."""

from __future__ import annotations

import numpy as np

from backend.deployments.runtimes.base import RuntimeCheckFailed
from backend.kit.tensors import UnsupportedInput, non_finite, smoke_inputs


def inputs_for(metadata: dict) -> dict[str, np.ndarray]:
    """The smoke input for a served model's metadata (its OIP signature)."""
    signature = [(spec.get("name"), spec.get("datatype"), spec.get("shape")) for spec in metadata.get("inputs", [])]
    if not signature:
        raise RuntimeCheckFailed("the model's metadata lists no inputs, so no smoke request can be made.")
    try:
        return smoke_inputs(signature)
    except UnsupportedInput as exc:
        raise RuntimeCheckFailed(str(exc)) from None


def check_answer(served_name: str, outputs: dict[str, np.ndarray]) -> None:
    """RuntimeCheckFailed unless every float output of the smoke request is finite."""
    if problem := non_finite(outputs):
        raise RuntimeCheckFailed(
            f"{served_name} answered the smoke request badly: {problem}; fix the model before it takes traffic."
        )
