"""Models the serving tests load: a scikit-learn classifier (skl2onnx) and onnx.helper graphs."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FEATURES = 4


def training_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(6)
    x = rng.normal(size=(200, FEATURES)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] - x[:, 3] > 0).astype(np.int64)
    return x, y


def logistic(c: float = 1.0) -> bytes:
    """LogisticRegression on 4 float features; outputs `label` (INT64 [N]) and `probabilities` (FP32 [N, 2])."""
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression

    x, y = training_data()
    model = LogisticRegression(C=c).fit(x, y)
    return to_onnx(model, x[:1], options={"zipmap": False}, target_opset=17).SerializeToString()


def typed(datatype: int = TensorProto.INT32) -> bytes:
    """Identity on an `[N, 3]` tensor of `datatype`: what goes in comes back, in that datatype."""
    nodes = [helper.make_node("Identity", ["x"], ["y"])]
    graph = helper.make_graph(
        nodes,
        "typed",
        [helper.make_tensor_value_info("x", datatype, ["n", 3])],
        [helper.make_tensor_value_info("y", datatype, ["n", 3])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def slow(size: int = 384, layers: int = 150) -> bytes:
    """`layers` MatMuls of a `[size, size]` input by one shared weight: around 0.1 s per call, a small file."""
    w = (np.random.default_rng(0).random((size, size), dtype=np.float32) - 0.5) / size
    inits, nodes, previous = [numpy_helper.from_array(w, "w")], [], "x"
    for i in range(layers):
        nodes.append(helper.make_node("MatMul", [previous, "w"], [f"h{i}"]))
        previous = f"h{i}"
    nodes.append(helper.make_node("ReduceSum", [previous], ["y"], keepdims=0, axes=None))
    graph = helper.make_graph(
        nodes,
        "slow",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])],
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def check(data: bytes) -> bytes:
    onnx.checker.check_model(onnx.load_from_string(data), full_check=True)
    return data


def failing() -> bytes:
    """Reshapes `[n, 3]` to `[1, 3]`: passes validation's one-row smoke test, fails at run time for two rows."""
    shape = numpy_helper.from_array(np.array([1, 3], dtype=np.int64), "s")
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "s"], ["y"])],
        "failing",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        [shape],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()
