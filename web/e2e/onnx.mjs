// Small ONNX models for the journeys, made with the repo's Python (onnx is installed there).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "./stack.mjs";

// A MatMul + Add with a symbolic batch, ~1 MiB of weights so the progress bar has bytes to count.
const MAKE_ONNX = `
import sys, numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
rng = np.random.default_rng(0)
w = numpy_helper.from_array(rng.random((1024, 256)).astype(np.float32), "w")
b = numpy_helper.from_array(rng.random(256).astype(np.float32), "b")
nodes = [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])]
graph = helper.make_graph(nodes, "e2e", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1024])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 256])], [w, b])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="slipway-e2e", ir_version=8)
open(sys.argv[1], "wb").write(model.SerializeToString())
`;

export function makeOnnx(name = "e2e-linear.onnx") {
  const path = join(mkdtempSync(join(tmpdir(), "slipway-onnx-")), name);
  execFileSync(join(repo, ".venv/bin/python"), ["-c", MAKE_ONNX, path]);
  return path;
}

// y = x·w + b with x shaped [batch, features]: what a scoring run feeds (one window's tag means
// per row). Another seed gives other weights, so a shadow disagrees with production a little.
const MAKE_SMALL = `
import sys, numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
features, seed = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
w = numpy_helper.from_array((rng.random((features, 1)) / features).astype(np.float32), "w")
b = numpy_helper.from_array(np.array([0.1 * seed], dtype=np.float32), "b")
nodes = [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])]
graph = helper.make_graph(nodes, "e2e-small", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", features])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 1])], [w, b])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="slipway-e2e", ir_version=8)
open(sys.argv[1], "wb").write(model.SerializeToString())
`;

export function makeSmallOnnx(name, { features = 4, seed = 1 } = {}) {
  const path = join(mkdtempSync(join(tmpdir(), "slipway-onnx-")), name);
  execFileSync(join(repo, ".venv/bin/python"), ["-c", MAKE_SMALL, path, String(features), String(seed)]);
  return path;
}
