"""Small ONNX models for the deployment and scoring tests, built with onnx.helper."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FEATURES = 3


def _model(nodes: list, initializers: list) -> bytes:
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", FEATURES])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 1])],
        initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="slipway-tests", ir_version=8
    )
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


def linear(scale: float) -> bytes:
    """y = x · [scale, scale, scale] + 1: versions told apart by their answers."""
    w = numpy_helper.from_array(np.full((FEATURES, 1), scale, dtype=np.float32), "w")
    b = numpy_helper.from_array(np.ones(1, dtype=np.float32), "b")
    return _model([helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])], [w, b])


def fails_above_one(scale: float) -> bytes:
    """Like `linear`, plus a Gather whose index is floor(4 · max(x)): inputs in [0, 1) (the smoke inputs of
    validation and of the rollout) pass, any input of 1.25 or more indexes out of range and the run fails."""
    w = numpy_helper.from_array(np.full((FEATURES, 1), scale, dtype=np.float32), "w")
    b = numpy_helper.from_array(np.ones(1, dtype=np.float32), "b")
    table = numpy_helper.from_array(np.zeros(5, dtype=np.float32), "table")
    four = numpy_helper.from_array(np.array(4.0, dtype=np.float32), "four")
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["h"]),
        helper.make_node("ReduceMax", ["x"], ["m"], keepdims=0),
        helper.make_node("Mul", ["m", "four"], ["m4"]),
        helper.make_node("Floor", ["m4"], ["f"]),
        helper.make_node("Cast", ["f"], ["i"], to=TensorProto.INT64),
        helper.make_node("Gather", ["table", "i"], ["g"], axis=0),
        helper.make_node("Add", ["h", "g"], ["h2"]),
        helper.make_node("Add", ["h2", "b"], ["y"]),
    ]
    return _model(nodes, [w, b, table, four])
