"""Open Inference Protocol tensors <-> numpy, checked against a model's signature.

Requests come as JSON, or as JSON followed by raw tensor bytes (the binary tensor data extension
that tritonclient uses: header `Inference-Header-Content-Length` gives the JSON's length, and each
input with `parameters.binary_data_size` takes that many bytes of the tail, in order).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from backend.kit.tensors import OIP_TO_NUMPY
from backend.serving.errors import BadRequest


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of a model: name, OIP datatype, shape with -1 for any size."""

    name: str
    datatype: str
    shape: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "datatype": self.datatype, "shape": list(self.shape)}


@dataclass
class ParsedRequest:
    header: dict[str, Any]
    tail: memoryview  # binary tensor data after the JSON header (empty for plain JSON)


def parse(body: bytes, header_length: int | None) -> ParsedRequest:
    """Split and parse the body; the JSON part must be an object with an `inputs` list."""
    if header_length is not None:
        if header_length < 0 or header_length > len(body):
            raise BadRequest(
                f"Inference-Header-Content-Length is {header_length} but the body has {len(body)} bytes; "
                "send the length of the JSON part."
            )
        json_part, tail = memoryview(body)[:header_length], memoryview(body)[header_length:]
    else:
        json_part, tail = memoryview(body), memoryview(b"")
    try:
        header = orjson.loads(json_part)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(
            f"The request body is not valid JSON ({exc}); send an Open Inference Protocol request "
            '{"inputs": [{"name", "shape", "datatype", "data"}]}.'
        ) from None
    if not isinstance(header, dict) or not isinstance(header.get("inputs"), list):
        raise BadRequest('The request must be a JSON object with an "inputs" list.')
    return ParsedRequest(header, tail)


def decode_inputs(request: ParsedRequest, inputs: dict[str, TensorSpec], model: str) -> dict[str, np.ndarray]:
    """Every input as a numpy array of the model's dtype, or BadRequest naming the input and the problem."""
    feeds: dict[str, np.ndarray] = {}
    offset = 0
    for tensor in request.header["inputs"]:
        if not isinstance(tensor, dict) or not isinstance(tensor.get("name"), str):
            raise BadRequest('Every entry of "inputs" must be an object with a "name".')
        name = tensor["name"]
        spec = inputs.get(name)
        if spec is None:
            raise BadRequest(f"Model {model} has no input named '{name}'; its inputs are {_names(inputs)}.")
        if name in feeds:
            raise BadRequest(f"Input '{name}' is given twice; send each input once.")
        shape = _shape(tensor, spec, model)
        params = tensor.get("parameters") or {}
        size = params.get("binary_data_size") if isinstance(params, dict) else None
        if size is not None:
            if not isinstance(size, int) or size < 0 or offset + size > len(request.tail):
                raise BadRequest(
                    f"Input '{name}' declares binary_data_size {size}, but only "
                    f"{len(request.tail) - offset} bytes of binary data follow the JSON."
                )
            feeds[name] = _from_binary(request.tail[offset : offset + size], spec, shape)
            offset += size
        else:
            if "data" not in tensor:
                raise BadRequest(f"Input '{name}' has no \"data\" (and no binary_data_size parameter).")
            feeds[name] = _from_json(tensor["data"], spec, shape)
    if offset != len(request.tail):
        raise BadRequest(f"{len(request.tail) - offset} bytes of binary data follow the JSON that no input claims.")
    missing = [name for name in inputs if name not in feeds]
    if missing:
        raise BadRequest(f"Input '{missing[0]}' is missing; model {model} needs {_names(inputs)}.")
    return feeds


def requested_outputs(request: ParsedRequest, outputs: dict[str, TensorSpec], model: str) -> list[tuple[str, bool]]:
    """(output name, send as binary) for each output to compute; all of them when none are named."""
    params = request.header.get("parameters") or {}
    binary_default = bool(params.get("binary_data_output", False)) if isinstance(params, dict) else False
    asked = request.header.get("outputs")
    if not asked:
        return [(name, binary_default) for name in outputs]
    if not isinstance(asked, list):
        raise BadRequest('"outputs" must be a list of {"name": ...} objects.')
    wanted = []
    for entry in asked:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name not in outputs:
            raise BadRequest(f"Model {model} has no output named '{name}'; its outputs are {_names(outputs)}.")
        out_params = entry.get("parameters") or {}
        wanted.append((name, bool(out_params.get("binary_data", binary_default))))
    return wanted


def encode(
    model: str, version: str, request: ParsedRequest, outputs: list[tuple[TensorSpec, np.ndarray, bool]]
) -> tuple[bytes, int | None]:
    """The response body, and the JSON header's length when binary outputs follow it."""
    tensors = []
    raw: list[bytes] = []
    for spec, array, binary in outputs:
        entry: dict[str, Any] = {"name": spec.name, "datatype": spec.datatype, "shape": list(array.shape)}
        if binary:
            data = _bytes_of(array) if spec.datatype == "BYTES" else np.ascontiguousarray(array).tobytes()
            entry["parameters"] = {"binary_data_size": len(data)}
            raw.append(data)
        elif spec.datatype == "BYTES":
            entry["data"] = [
                v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in array.reshape(-1)
            ]
        else:
            entry["data"] = np.ascontiguousarray(array).reshape(-1)
        tensors.append(entry)
    body: dict[str, Any] = {"model_name": model, "model_version": version, "outputs": tensors}
    if "id" in request.header:
        body["id"] = request.header["id"]
    header = orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY)
    if not raw:
        return header, None
    return b"".join([header, *raw]), len(header)


def _names(specs: dict[str, TensorSpec]) -> str:
    return ", ".join(f"'{s.name}' ({s.datatype} {list(s.shape)})" for s in specs.values())


def _shape(tensor: dict[str, Any], spec: TensorSpec, model: str) -> tuple[int, ...]:
    datatype = tensor.get("datatype")
    if datatype != spec.datatype:
        raise BadRequest(f"Input '{spec.name}' of model {model} expects datatype {spec.datatype}, got {datatype}.")
    shape = tensor.get("shape")
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise BadRequest(f"Input '{spec.name}' needs a \"shape\" list of non-negative integers, got {shape!r}.")
    if len(shape) != len(spec.shape) or any(want not in (-1, got) for want, got in zip(spec.shape, shape, strict=True)):
        raise BadRequest(
            f"Input '{spec.name}' of model {model} expects shape {list(spec.shape)} (-1: any size), got {shape}."
        )
    return tuple(shape)


_KINDS = {"f": "fiu", "i": "iu", "u": "iu", "b": "b"}


def _from_json(data: Any, spec: TensorSpec, shape: tuple[int, ...]) -> np.ndarray:
    dtype = OIP_TO_NUMPY[spec.datatype]
    count = math.prod(shape)
    if spec.datatype == "BYTES":
        array = np.array(_flatten(data), dtype=object)
        if not all(isinstance(v, str) for v in array):
            raise BadRequest(f"Input '{spec.name}' is BYTES: send its data as strings.")
    else:
        try:
            array = np.asarray(data)
        except ValueError:
            raise BadRequest(f"Input '{spec.name}' has ragged nested data; send a flat row-major list.") from None
        exact = dtype.kind in "iu" and array.dtype.kind in "fO" and _all_integers(data)
        if exact:  # numpy reads integers past 2**63 as float64: keep them as Python ints, so UINT64 stays exact
            array = np.array(_flatten(data), dtype=object)
        if array.size and not exact and array.dtype.kind not in _KINDS[dtype.kind]:
            raise BadRequest(
                f"Input '{spec.name}' is {spec.datatype}, but its data holds {_kind_name(array.dtype.kind)} values."
            )
        if dtype.kind in "iu" and array.size:
            info = np.iinfo(dtype)
            if array.min() < info.min or array.max() > info.max:
                raise BadRequest(f"Input '{spec.name}' has values outside the range of {spec.datatype}.")
        array = array.astype(dtype, copy=False)
    if array.size != count:
        raise BadRequest(f"Input '{spec.name}' has shape {list(shape)} ({count} values) but {array.size} data values.")
    return array.reshape(shape)


def _all_integers(data: Any) -> bool:
    flat = _flatten(data)
    return bool(flat) and all(type(v) is int for v in flat)


def _from_binary(raw: memoryview, spec: TensorSpec, shape: tuple[int, ...]) -> np.ndarray:
    count = math.prod(shape)
    if spec.datatype == "BYTES":
        values = elements_of(raw, spec.name)
        if len(values) != count:
            raise BadRequest(f"Input '{spec.name}' has shape {list(shape)} ({count} values) but {len(values)} strings.")
        return np.array(_as_text(values, spec.name), dtype=object).reshape(shape)
    dtype = OIP_TO_NUMPY[spec.datatype]
    if len(raw) != count * dtype.itemsize:
        raise BadRequest(
            f"Input '{spec.name}' has shape {list(shape)} of {spec.datatype}, which is "
            f"{count * dtype.itemsize} bytes, but binary_data_size is {len(raw)}."
        )
    return np.frombuffer(raw, dtype=dtype).reshape(shape)


def elements_of(raw: memoryview, name: str) -> list[bytes]:
    """Triton's BYTES layout: each element is a 4-byte little-endian length, then that many raw bytes (any bytes)."""
    values, offset, data = [], 0, bytes(raw)
    while offset < len(data):
        if offset + 4 > len(data):
            raise BadRequest(f"Input '{name}': binary BYTES data ends inside an element's length prefix.")
        (length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        if offset + length > len(data):
            raise BadRequest(f"Input '{name}': binary BYTES element of {length} bytes runs past the data.")
        values.append(data[offset : offset + length])
        offset += length
    return values


def _as_text(values: list[bytes], name: str) -> list[str]:
    """A served BYTES input is an onnxruntime string tensor, which holds text (it would store `b'..'` reprs of
    bytes): elements are decoded as UTF-8 here, for this model, and one that is not is the caller's 400."""
    texts = []
    for index, value in enumerate(values):
        try:
            texts.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            raise BadRequest(
                f"Input '{name}': BYTES element {index} is not UTF-8, and this model's input is an onnxruntime "
                "string tensor, which holds text only; send UTF-8 text."
            ) from None
    return texts


def _bytes_of(array: np.ndarray) -> bytes:
    parts = []
    for value in array.reshape(-1):
        data = value if isinstance(value, bytes) else str(value).encode()
        parts.append(struct.pack("<I", len(data)))
        parts.append(data)
    return b"".join(parts)


def _flatten(data: Any) -> list:
    if not isinstance(data, list):
        return [data]
    flat: list = []
    for item in data:
        flat.extend(_flatten(item) if isinstance(item, list) else [item])
    return flat


def _kind_name(kind: str) -> str:
    return {"f": "floating-point", "i": "integer", "u": "integer", "b": "boolean", "U": "string"}.get(kind, "mixed")
