"""Static checks of an ONNX file, run in the worker without ever loading external data."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath

import onnx
from google.protobuf.message import DecodeError

from backend.registry.validation.report import Report

# onnxruntime loads every IR version up to the one of the onnx release it is built against;
# it exposes no number for it, so the installed onnx package stands in (see README).
MIN_IR, MAX_IR = 3, onnx.IR_VERSION
DOMAIN_ALIASES = {"ai.onnx": ""}


@cache
def runtime_opsets() -> dict[str, int]:
    """Highest opset onnxruntime implements, per operator domain it ships."""
    from onnxruntime.capi import onnxruntime_pybind11_state as ort_c

    highest: dict[str, int] = {}
    for schema in ort_c.get_all_operator_schema():
        highest[schema.domain] = max(highest.get(schema.domain, 0), schema.since_version)
    return highest


def warm_up() -> None:
    """Load onnxruntime's operator table and onnx's schemas now, not in the first job (about 0.15 s)."""
    runtime_opsets()
    value = onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])
    graph = onnx.helper.make_graph([onnx.helper.make_node("Identity", ["x"], ["x2"])], "warm", [value], [])
    graph.output.append(onnx.helper.make_tensor_value_info("x2", onnx.TensorProto.FLOAT, [1]))
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model, full_check=True)


def parse(path: Path, report: Report) -> onnx.ModelProto | None:
    model = onnx.ModelProto()
    try:
        model.ParseFromString(path.read_bytes())
    except (DecodeError, RuntimeError, ValueError) as exc:
        report.failed(
            "parse",
            f"The file is not a readable ONNX protobuf ({exc}); export the model again with "
            "torch.onnx.export / skl2onnx and upload the complete .onnx file.",
        )
        return None
    if model.ir_version == 0 or not model.HasField("graph") or not model.opset_import:
        report.failed(
            "parse",
            "The file is a protobuf message but not an ONNX model (no ir_version, graph or "
            "opset_import); upload the .onnx model file itself.",
        )
        return None
    report.passed("parse", f"Read an ONNX model with {len(model.graph.node)} nodes in its main graph.")
    return model


def _graphs(graph: onnx.GraphProto) -> Iterator[onnx.GraphProto]:
    yield graph
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("g"):
                yield from _graphs(attr.g)
            for sub in attr.graphs:
                yield from _graphs(sub)


def _tensors(model: onnx.ModelProto) -> Iterator[onnx.TensorProto]:
    nodes = [n for g in _graphs(model.graph) for n in g.node] + [n for f in model.functions for n in f.node]
    for graph in _graphs(model.graph):
        yield from graph.initializer
        for sparse in graph.sparse_initializer:
            yield sparse.values
            yield sparse.indices
    for node in nodes:
        for attr in node.attribute:
            if attr.HasField("t"):
                yield attr.t
            yield from attr.tensors


def _escapes(location: str) -> bool:
    posix, windows = PurePosixPath(location), PureWindowsPath(location)
    return (
        posix.is_absolute()
        or windows.is_absolute()
        or bool(windows.drive)
        or ".." in posix.parts
        or ".." in windows.parts
        or location.startswith(("~", "\\"))
    )


def external_data(model: onnx.ModelProto, report: Report) -> bool:
    """Weights must be inside the file: external references are refused, escaping paths are attacks."""
    refs = []
    for tensor in _tensors(model):
        if tensor.data_location == onnx.TensorProto.EXTERNAL or tensor.external_data:
            location = next((e.value for e in tensor.external_data if e.key == "location"), "")
            refs.append((tensor.name, location))
    attacks = [(name, loc) for name, loc in refs if _escapes(loc)]
    if attacks:
        name, loc = attacks[0]
        report.failed(
            "external_data",
            f"Security: tensor {name!r} points at {loc!r}, outside the model's folder "
            "(absolute path or `..`); this is a path traversal attempt and was refused.",
        )
    elif refs:
        names = ", ".join(repr(n) for n, _ in refs[:5])
        report.failed(
            "external_data",
            f"{len(refs)} tensor(s) keep their data in external files ({names}); "
            "save the model with all weights inside the file "
            "(onnx.save(model, path, save_as_external_data=False)).",
        )
    else:
        report.passed("external_data", "Every weight is stored inside the file.")
    return not refs


def ir_version(model: onnx.ModelProto, report: Report) -> bool:
    if MIN_IR <= model.ir_version <= MAX_IR:
        report.passed("ir_version", f"IR version {model.ir_version} is supported (up to {MAX_IR}).")
        return True
    report.failed(
        "ir_version",
        f"IR version {model.ir_version} is not supported by the installed onnxruntime "
        f"(supported: {MIN_IR}–{MAX_IR}); export with an older exporter or convert "
        "with onnx.version_converter.",
    )
    return False


def operator_domains(model: onnx.ModelProto, report: Report) -> bool:
    known = set(runtime_opsets()) | {"ai.onnx"}
    local = {f.domain for f in model.functions}
    used = {n.domain for g in _graphs(model.graph) for n in g.node} | {o.domain for o in model.opset_import}
    foreign = sorted(d for d in used if d not in known and d not in local)
    if foreign:
        ops = sorted({n.op_type for g in _graphs(model.graph) for n in g.node if n.domain in foreign})
        report.failed(
            "operator_domains",
            f"Operators from custom domain(s) {', '.join(foreign)} ({', '.join(ops)}) "
            "need custom kernels onnxruntime does not ship; re-export the model "
            "with standard ONNX operators.",
        )
        return False
    report.passed(
        "operator_domains",
        f"All operators come from domains onnxruntime ships: {', '.join(sorted(d or 'ai.onnx' for d in used))}.",
    )
    return True


def opsets(model: onnx.ModelProto, report: Report) -> bool:
    highest = runtime_opsets()
    local = {f.domain for f in model.functions}
    bad = []
    for imp in model.opset_import:
        domain = DOMAIN_ALIASES.get(imp.domain, imp.domain)
        if domain in local:
            continue
        top = highest.get(domain, 0)
        if not 1 <= imp.version <= top:
            bad.append(f"{imp.domain or 'ai.onnx'} {imp.version} (supported up to {top})")
    if bad:
        report.failed(
            "opsets",
            f"Unsupported opset(s): {'; '.join(bad)}; export with a lower opset "
            "(e.g. torch.onnx.export(..., opset_version=17)).",
        )
        return False
    listed = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    report.passed("opsets", f"Opsets {listed} are supported by the installed onnxruntime.")
    return True


def checker(path: Path, report: Report) -> bool:
    try:
        # From the path, so models near 2 GiB are checked without a second copy in memory.
        onnx.checker.check_model(os.fspath(path), full_check=True)
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0][:500] if str(exc).strip() else type(exc).__name__
        report.failed(
            "checker",
            f"onnx.checker rejected the model (full check with shape inference): {first}. "
            "Fix the graph where the message points, or re-export it.",
        )
        return False
    report.passed("checker", "onnx.checker full check with strict shape inference passed.")
    return True


def _tensor_type(value: onnx.ValueInfoProto) -> tuple[str, list[str]]:
    kind = value.type.WhichOneof("value")
    if kind != "tensor_type":
        return (kind or "unknown"), []
    tensor = value.type.tensor_type
    dtype = onnx.TensorProto.DataType.Name(tensor.elem_type).lower()
    dims = [str(d.dim_value) if d.HasField("dim_value") else (d.dim_param or "?") for d in tensor.shape.dim]
    return dtype, dims


def facts(model: onnx.ModelProto) -> dict:
    """What the card shows about the graph itself."""
    initializers = {t.name for t in model.graph.initializer}
    specs = []
    for values in (model.graph.input, model.graph.output):
        rows = []
        for value in values:
            if value.name in initializers:
                continue
            dtype, shape = _tensor_type(value)
            rows.append({"name": value.name, "dtype": dtype, "shape": shape})
        specs.append(rows)
    params = sum(math.prod(t.dims) for t in model.graph.initializer)
    producer = " ".join(p for p in (model.producer_name, model.producer_version) if p) or None
    return {
        "inputs": specs[0],
        "outputs": specs[1],
        "producer": producer,
        "irVersion": model.ir_version,
        "opsets": [{"domain": o.domain or "ai.onnx", "version": o.version} for o in model.opset_import],
        "parameterCount": params,
    }


def run_static(path: Path, report: Report, *, expected_size: int, max_bytes: int) -> bool:
    """Every check before the sandbox; False as soon as one fails."""
    size = path.stat().st_size
    if size != expected_size or not 0 < size <= max_bytes:
        report.failed(
            "size",
            f"The stored file has {size:,} bytes but {expected_size:,} were uploaded (limit "
            f"{max_bytes:,}); upload the model again.",
        )
        return False
    report.passed("size", f"{size:,} bytes, within the limit of {max_bytes:,}.")
    model = parse(path, report)
    if model is None:
        return False
    report.facts.update(facts(model))
    steps = (external_data, ir_version, operator_domains, opsets)
    if not all(step(model, report) for step in steps):
        return False
    del model  # the checker reads the file itself; do not hold two copies
    return checker(path, report)
