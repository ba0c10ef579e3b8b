"""The model server's Prometheus metrics, in a registry of its own; /stats reads the same numbers.

Labels: tenant (slug), model (registry name), version (served name, `m-v3`) and role: `primary` and
`canary` (targets of a route: the largest weight is primary), `shadow`, or `direct` (the version
called by its own name: smoke checks, scoring runs).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.metrics import MetricWrapperBase

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, float("inf"))
ROLES = ("primary", "canary", "shadow", "direct")
OUTCOMES = ("ok", "bad_request", "error")


@dataclass(frozen=True)
class Recorder:
    """The label children of one (version, role), looked up once, so a request only increments."""

    ok: Counter
    bad_request: Counter
    error: Counter
    errors: Counter
    latency: Histogram

    def record(self, outcome: str, seconds: float) -> None:
        counter: Counter = getattr(self, outcome)
        counter.inc()
        if outcome != "ok":
            self.errors.inc()
        if outcome != "bad_request":  # a refused input never reached the model: not its latency
            self.latency.observe(seconds)


@dataclass
class Phases:
    """Nanoseconds of one request's phases, filled by the thread (or the loop) that runs it."""

    input_ns: int = 0
    infer_ns: int = 0
    output_ns: int = 0
    # Set when the request is sampled for the payload log: the run keeps its decoded tensors (references).
    capture: bool = False
    inputs: dict | None = None
    outputs: dict | None = None


@dataclass
class ModelStats:
    """Cumulative counters of one loaded version; only the event loop writes them."""

    last_inference_ms: int = 0
    success_count: int = 0
    success_ns: int = 0
    fail_count: int = 0
    fail_ns: int = 0
    queue_ns: int = 0
    input_ns: int = 0
    infer_ns: int = 0
    output_ns: int = 0

    def record(self, ok: bool, total_ns: int, queue_ns: int, phases: Phases) -> None:
        self.last_inference_ms = time.time_ns() // 1_000_000
        if not ok:
            self.fail_count += 1
            self.fail_ns += total_ns
            return
        self.success_count += 1
        self.success_ns += total_ns
        self.queue_ns += queue_ns
        self.input_ns += phases.input_ns
        self.infer_ns += phases.infer_ns
        self.output_ns += phases.output_ns

    def as_json(self, name: str, version: str) -> dict:
        n = self.success_count

        def duration(count: int, ns: int) -> dict:
            return {"count": count, "ns": ns}

        return {
            "name": name,
            "version": version,
            "last_inference": self.last_inference_ms,
            "inference_count": n,
            "execution_count": n,
            "inference_stats": {
                "success": duration(n, self.success_ns),
                "fail": duration(self.fail_count, self.fail_ns),
                "queue": duration(n, self.queue_ns),
                "compute_input": duration(n, self.input_ns),
                "compute_infer": duration(n, self.infer_ns),
                "compute_output": duration(n, self.output_ns),
            },
            "batch_stats": [],
        }


class ServeMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ["tenant", "model", "version", "role"]
        self.requests = Counter(
            "slipway_serve_requests",
            "Inference requests by outcome (ok, bad_request, error)",
            [*labels, "outcome"],
            registry=self.registry,
        )
        self.errors = Counter(
            "slipway_serve_errors", "Inference requests that did not answer 200", labels, registry=self.registry
        )
        self.latency = Histogram(
            "slipway_serve_request_seconds",
            "Inference latency inside the model server",
            labels,
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.loaded = Gauge("slipway_serve_loaded_models", "Model versions loaded", registry=self.registry)
        self.shadow_dropped = Counter(
            "slipway_serve_shadow_dropped", "Shadow copies dropped: too many in flight", registry=self.registry
        )
        self.payload_logged = Counter(
            "slipway_serve_payload_logged", "Sampled requests written to the payload log", registry=self.registry
        )
        self.payload_dropped = Counter(
            "slipway_serve_payload_dropped",
            "Sampled requests not logged: queue_full (the sink is slower than traffic) or write_failed",
            ["reason"],
            registry=self.registry,
        )
        self.payload_queue = Gauge(
            "slipway_serve_payload_queue", "Sampled requests waiting to be written", registry=self.registry
        )

    def recorder(self, tenant: str, model: str, version: str, role: str) -> Recorder:
        labels = (tenant, model, version, role)
        return Recorder(
            ok=self.requests.labels(*labels, "ok"),
            bad_request=self.requests.labels(*labels, "bad_request"),
            error=self.requests.labels(*labels, "error"),
            errors=self.errors.labels(*labels),
            latency=self.latency.labels(*labels),
        )

    def stats(self, tenant: str, version: str) -> dict:
        """Requests, errors and cumulative latency buckets of one served version, every role summed."""
        requests = errors = 0.0
        buckets = dict.fromkeys(BUCKETS, 0.0)
        for metric in (*self.requests.collect(), *self.errors.collect(), *self.latency.collect()):
            for sample in metric.samples:
                if sample.labels.get("tenant") != tenant or sample.labels.get("version") != version:
                    continue
                if sample.name == "slipway_serve_requests_total":
                    requests += sample.value
                elif sample.name == "slipway_serve_errors_total":
                    errors += sample.value
                elif sample.name == "slipway_serve_request_seconds_bucket":
                    buckets[float(sample.labels["le"])] += sample.value
        return {
            "requests": int(requests),
            "errors": int(errors),
            "latency_buckets": [[le if le != float("inf") else "+Inf", int(n)] for le, n in buckets.items()],
        }

    def forget(self, tenant: str, model: str, version: str) -> None:
        """Drop an unloaded version's series: its counters start from zero when it is loaded again."""
        for role in ROLES:
            labels = (tenant, model, version, role)
            _remove(self.errors, labels)
            _remove(self.latency, labels)
            for outcome in OUTCOMES:
                _remove(self.requests, (*labels, outcome))


def _remove(metric: MetricWrapperBase, labels: tuple[str, ...]) -> None:
    with contextlib.suppress(KeyError):
        metric.remove(*labels)
