"""Models for the validation tests, built in code: each bad one names the check it must fail."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

BACKEND_DATA = Path(onnx.__file__).parent / "backend" / "test" / "data"
# A few models from the onnx package's own backend test data (exported by several producers).
BACKEND_MODELS = ("simple/test_single_relu_model", "pytorch-converted/test_Conv2d", "simple/test_sign_model")


def _model(
    nodes: list,
    inputs: list,
    outputs: list,
    initializers: list | None = None,
    *,
    opset: int = 17,
    domains: tuple[tuple[str, int], ...] = (),
) -> onnx.ModelProto:
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializers or [])
    imports = [helper.make_opsetid("", opset), *(helper.make_opsetid(d, v) for d, v in domains)]
    return helper.make_model(graph, opset_imports=imports, producer_name="slipway-tests", ir_version=8)


def _io(name: str, shape: list | None = None, dtype: int = TensorProto.FLOAT) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, dtype, shape)


def linear(seed: int = 0, features: int = 4) -> bytes:
    """A MatMul + Add with a symbolic batch dimension (onnx.helper)."""
    rng = np.random.default_rng(seed)
    w = numpy_helper.from_array(rng.random((features, 2)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.random(2).astype(np.float32), "b")
    nodes = [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])]
    return _model(nodes, [_io("x", ["batch", features])], [_io("y", ["batch", 2])], [w, b]).SerializeToString()


def sklearn_logistic() -> bytes:
    """A scikit-learn pipeline converted by skl2onnx (ai.onnx.ml domain, map outputs)."""
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    x = rng.random((40, 3)).astype(np.float32)
    y = (x[:, 0] > 0.5).astype(np.int64)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y)
    return to_onnx(pipeline, x[:1], options={"zipmap": False}).SerializeToString()


def backend_model(name: str) -> bytes:
    return (BACKEND_DATA / name / "model.onnx").read_bytes()


def random_bytes() -> bytes:
    return os.urandom(4096)


def truncated() -> bytes:
    data = linear(seed=7, features=64)
    return data[: len(data) // 2]


def not_onnx_protobuf() -> bytes:
    """A well-formed protobuf message of another kind (a Timestamp): it even parses as a ModelProto."""
    from google.protobuf.timestamp_pb2 import Timestamp

    return Timestamp(seconds=1_700_000_000, nanos=5).SerializeToString()


def unsupported_opset() -> bytes:
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [_io("x", [2])], [_io("y", [2])], opset=99)
    return model.SerializeToString()


def custom_domain_op() -> bytes:
    node = helper.make_node("FancyGelu", ["x"], ["y"], domain="com.example.custom")
    model = _model([node], [_io("x", [2])], [_io("y", [2])], domains=(("com.example.custom", 1),))
    return model.SerializeToString()


def _with_external(location: str) -> bytes:
    w = numpy_helper.from_array(np.ones((2, 2), dtype=np.float32), "w")
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", "16")):
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    model = _model([helper.make_node("MatMul", ["x", "w"], ["y"])], [_io("x", [1, 2])], [_io("y", [1, 2])], [w])
    return model.SerializeToString()


def external_data_ref() -> bytes:
    return _with_external("weights.bin")


def traversal_location() -> bytes:
    return _with_external("../../../../etc/passwd")


def memory_bomb() -> bytes:
    """ConstantOfShape to 2^16 x 2^16 floats (16 GiB): far past the sandbox's address-space limit."""
    shape = numpy_helper.from_array(np.array([1 << 16, 1 << 16], dtype=np.int64), "shape")
    fill = helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])
    nodes = [
        helper.make_node("ConstantOfShape", ["shape"], ["big"], value=fill),
        helper.make_node("Add", ["big", "x"], ["y"]),
    ]
    return _model(nodes, [_io("x", [1])], [_io("y", [1 << 16, 1 << 16])], [shape]).SerializeToString()


def nan_output() -> bytes:
    """(x - x) / (x - x): 0 / 0 on every input."""
    nodes = [helper.make_node("Sub", ["x", "x"], ["z"]), helper.make_node("Div", ["z", "z"], ["y"])]
    return _model(nodes, [_io("x", ["n", 3])], [_io("y", ["n", 3])]).SerializeToString()


def endless_loop() -> bytes:
    """A Loop of 2^62 iterations whose condition stays true: its first inference never ends.

    It passes every static check and builds a session; only the sandbox's limits stop it.
    """
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]), helper.make_node("Add", ["v_in", "x"], ["v_out"])],
        "body",
        [_io("i", [], TensorProto.INT64), _io("cond_in", [], TensorProto.BOOL), _io("v_in", [1])],
        [_io("cond_out", [], TensorProto.BOOL), _io("v_out", [1])],
    )
    trip = numpy_helper.from_array(np.array(1 << 62, dtype=np.int64), "trip")
    cond = numpy_helper.from_array(np.array(True), "cond")
    node = helper.make_node("Loop", ["trip", "cond", "x"], ["y"], body=body)
    return _model([node], [_io("x", [1])], [_io("y", [1])], [trip, cond]).SerializeToString()


def shape_mismatch() -> bytes:
    """Declares an output shape the graph cannot produce: onnx.checker's strict shape inference says so."""
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"])]
    w = numpy_helper.from_array(np.ones((3, 2), dtype=np.float32), "w")
    return _model(nodes, [_io("x", [1, 3])], [_io("y", [1, 5])], [w]).SerializeToString()


# (name, bytes factory, the check that must fail, words its message must contain)
BAD = [
    ("truncated", truncated, "parse", "not a readable ONNX"),
    ("random bytes", random_bytes, "parse", ""),
    ("non-ONNX protobuf", not_onnx_protobuf, "parse", "not an ONNX model"),
    ("unsupported opset", unsupported_opset, "opsets", "ai.onnx 99"),
    ("custom-domain op", custom_domain_op, "operator_domains", "com.example.custom"),
    ("external data", external_data_ref, "external_data", "external files"),
    ("../ location", traversal_location, "external_data", "path traversal"),
    ("checker failure", shape_mismatch, "checker", "onnx.checker"),
    ("memory bomb", memory_bomb, "smoke_inference", "address space"),
    ("NaN output", nan_output, "smoke_inference", "NaN"),
]

GOOD = [
    ("onnx.helper linear", linear),
    ("skl2onnx logistic regression", sklearn_logistic),
    *((f"onnx backend data {name}", lambda name=name: backend_model(name)) for name in BACKEND_MODELS),
]
