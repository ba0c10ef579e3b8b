"""The models this server has loaded, per tenant and served name, with their in-flight counts.

Everything here runs on the event loop: a lookup and its `acquire()` happen without an await
between them, so an unload (which first removes the name) never misses a request that found it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import numpy as np

from backend.serving.errors import BadRequest, InferenceFailed, NotServed, Refused, ServingError
from backend.serving.loader import Built, VersionRow
from backend.serving.metrics import ModelStats, Phases, Recorder, ServeMetrics
from backend.serving.tensors import ParsedRequest, TensorSpec, decode_inputs, encode, parse, requested_outputs

log = logging.getLogger(__name__)

_INLINE_MAX_BODY = 64 << 10


@dataclass(eq=False)
class LoadedModel:
    row: VersionRow
    built: Built
    metrics: ServeMetrics
    inflight: int = 0
    cost: float = -1.0  # seconds per request, moving average; -1 until the first request (run in a thread)
    _idle: asyncio.Event | None = None  # made by drained(): the hot path never touches an Event otherwise
    stats: ModelStats = field(default_factory=ModelStats)  # the statistics extension's counters
    _recorders: dict[str, Recorder] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.row.served_name

    @property
    def inputs(self) -> dict[str, TensorSpec]:
        return self.built.inputs

    @property
    def outputs(self) -> dict[str, TensorSpec]:
        return self.built.outputs

    def acquire(self) -> None:
        self.inflight += 1

    def release(self) -> None:
        self.inflight -= 1
        if self.inflight == 0 and self._idle is not None:
            self._idle.set()

    async def drained(self) -> None:
        """Return once no request holds this model (callers first make sure no new one can find it)."""
        if self.inflight == 0:
            return
        if self._idle is None:
            self._idle = asyncio.Event()
        await self._idle.wait()

    def recorder(self, role: str) -> Recorder:
        recorder = self._recorders.get(role)
        if recorder is None:
            row = self.row
            recorder = self._recorders[role] = self.metrics.recorder(row.tenant_slug, row.model_name, self.name, role)
        return recorder

    def metadata(self, name: str | None = None) -> dict:
        return {
            "name": name or self.name,
            "versions": [str(self.row.version)],
            "platform": "onnxruntime_onnx",
            "inputs": [s.as_json() for s in self.inputs.values()],
            "outputs": [s.as_json() for s in self.outputs.values()],
            "parameters": {"execution_provider": self.built.provider},
        }

    def infer(
        self, body: bytes, header_length: int | None, answer_as: str, phases: Phases | None = None
    ) -> tuple[bytes, int | None]:
        """One request, start to end: parse, check, run, encode; its duration feeds `cost`, its phases `phases`."""
        started = time.perf_counter()
        try:
            return self.run(parse(body, header_length), answer_as, phases or Phases())
        finally:
            # A moving average over ~20 requests; threads racing on it only blur it a little.
            elapsed = time.perf_counter() - started
            self.cost = elapsed if self.cost < 0 else self.cost + (elapsed - self.cost) * 0.05

    def runs_inline(self, body_bytes: int, inline_below: float) -> bool:
        """True when handing this request to a thread would cost more than running it on the event loop.

        A thread hop costs tens of microseconds; a small model's whole request costs about as much,
        so below `inline_below` seconds (and for small bodies, whose parsing is bounded) it runs inline.
        """
        return 0 <= self.cost < inline_below and body_bytes <= _INLINE_MAX_BODY

    def run(self, request: ParsedRequest, answer_as: str, phases: Phases) -> tuple[bytes, int | None]:
        began = time.perf_counter_ns()
        feeds = decode_inputs(request, self.inputs, answer_as)
        wanted = requested_outputs(request, self.outputs, answer_as)
        names = [name for name, _ in wanted]
        ran = time.perf_counter_ns()
        phases.input_ns = ran - began
        try:
            results = self.built.session.run(names, feeds)
        except Exception as exc:
            # Inputs were checked against the signature: an INVALID_ARGUMENT about the feeds themselves (such as
            # symbolic dimensions that disagree) is still the caller's; a failing node is the model's.
            if type(exc).__name__ == "InvalidArgument" and "while running" not in str(exc):
                raise BadRequest(f"Model {answer_as} refused the input: {exc}") from None
            raise InferenceFailed(f"Model {answer_as} failed on this input: {exc}") from None
        encoding = time.perf_counter_ns()
        phases.infer_ns = encoding - ran
        outputs = [
            (self.outputs[name], np.asarray(result), binary)
            for (name, binary), result in zip(wanted, results, strict=True)
        ]
        if phases.capture:
            phases.inputs = feeds
            phases.outputs = {spec.name: array for spec, array, _ in outputs}
        answer = encode(answer_as, str(self.row.version), request, outputs)
        phases.output_ns = time.perf_counter_ns() - encoding
        return answer


class _WrongName(BadRequest):
    """The version exists but answers to another served name."""


@dataclass
class _Entry:
    version_id: uuid.UUID
    state: str  # LOADING | READY | UNAVAILABLE
    reason: str = ""
    model: LoadedModel | None = None
    task: asyncio.Future | None = None


Loader = Callable[[uuid.UUID, uuid.UUID], Awaitable[tuple[VersionRow, Built]]]


class ModelTable:
    """Load, look up and unload models by (tenant, served name)."""

    def __init__(self, metrics: ServeMetrics, loader: Loader) -> None:
        self.metrics = metrics
        self._loader = loader
        self._entries: dict[tuple[uuid.UUID, str], _Entry] = {}
        self._ready: dict[tuple[uuid.UUID, str], LoadedModel] = {}

    def get(self, tenant_id: uuid.UUID, name: str) -> LoadedModel | None:
        return self._ready.get((tenant_id, name))

    def index(self, tenant_id: uuid.UUID) -> list[dict]:
        return [
            {
                "name": name,
                "version": str(entry.model.row.version) if entry.model else "",
                "version_id": str(entry.version_id),
                "state": entry.state,
                "reason": entry.reason,
                "inflight": entry.model.inflight if entry.model else 0,
            }
            for (tenant, name), entry in sorted(self._entries.items(), key=lambda item: item[0][1])
            if tenant == tenant_id
        ]

    async def load(self, tenant_id: uuid.UUID, name: str, version_id: uuid.UUID) -> LoadedModel:
        """Idempotent: a loaded or loading name of the same version waits for that load."""
        key = (tenant_id, name)
        entry = self._entries.get(key)
        if entry is not None and entry.version_id != version_id and entry.state != "UNAVAILABLE":
            raise Refused(
                f"{name} already serves version {entry.version_id}; unload it before loading "
                f"version {version_id} under that name."
            )
        if entry is not None and entry.state == "READY" and entry.model is not None:
            return entry.model
        if entry is None or entry.state == "UNAVAILABLE":
            entry = self._entries[key] = _Entry(version_id, "LOADING")
            entry.task = asyncio.ensure_future(self._load(key, entry, name))
        assert entry.task is not None
        return await asyncio.shield(entry.task)

    async def _load(self, key: tuple[uuid.UUID, str], entry: _Entry, name: str) -> LoadedModel:
        try:
            row, built = await self._loader(key[0], entry.version_id)
            if row.served_name != name:
                raise _WrongName(
                    f"Version {entry.version_id} is served as {row.served_name}, not {name}; "
                    f"load it under /v2/repository/models/{row.served_name}/load."
                )
        except (NotServed, _WrongName):
            if self._entries.get(key) is entry:  # nothing of that name exists here: leave no trace in the index
                del self._entries[key]
            raise
        except ServingError as exc:
            entry.state, entry.reason = "UNAVAILABLE", exc.message
            raise
        except Exception as exc:
            entry.state, entry.reason = "UNAVAILABLE", f"loading failed: {exc!r}"
            raise
        model = LoadedModel(row, built, self.metrics)
        if self._entries.get(key) is entry:  # not unloaded while it loaded
            entry.state, entry.model = "READY", model
            self._ready[key] = model
            self.metrics.loaded.set(len(self._ready))
            log.info("model loaded", extra={"model": name, "tenant": row.tenant_slug, "provider": built.provider})
        return model

    async def unload(self, tenant_id: uuid.UUID, name: str) -> bool:
        """Stop serving `name`: new requests get 404 at once, requests in flight finish first."""
        key = (tenant_id, name)
        entry = self._entries.pop(key, None)
        model = self._ready.pop(key, None)
        if entry is None:
            return False
        self.metrics.loaded.set(len(self._ready))
        if model is None and entry.task is not None:
            try:
                model = await asyncio.shield(entry.task)
            except Exception:
                return True
        if model is not None:
            await model.drained()
            row = model.row
            self.metrics.forget(row.tenant_slug, row.model_name, model.name)
            log.info("model unloaded", extra={"model": name, "tenant": row.tenant_slug})
        return True

    def loaded(self) -> list[LoadedModel]:
        return list(self._ready.values())
