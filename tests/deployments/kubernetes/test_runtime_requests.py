"""The runtime's requests as the official kubernetes client sends them, recorded by a stand-in API server.

No cluster runs here. The stand-in is the far side of the HTTP connection only (the Kubernetes API is
external to Slipway): the runtime, the kubernetes client and its REST layer run for real, and the test
checks the requests they make and how the runtime reads the answers. Whether a real API server
accepts them is what the schema tests check; a real cluster was not used.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from kubernetes import client

from backend.deployments.runtimes import k8s_manifests as m
from backend.deployments.runtimes.base import RuntimeCheckFailed, RuntimeUnavailable
from backend.deployments.runtimes.kubernetes import KubernetesRuntime
from tests.deployments.kubernetes.manifests import route, settings, version

NS = "ml-serving"
ISVC_PATH = f"/apis/serving.kserve.io/v1beta1/namespaces/{NS}/inferenceservices"


class Recorder:
    """Answers (method, path) from a table, 404 otherwise; keeps every request."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], tuple[int, dict]] = {}
        self.requests: list[dict] = []
        self.url = ""

    def answer(self, method: str, path: str, status: int, body: dict) -> None:
        self.answers[(method, path)] = (status, body)


@pytest.fixture
def api() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            recorder.requests.append(
                {
                    "method": self.command,
                    "path": parts.path,
                    "query": parts.query,
                    "content_type": self.headers.get("Content-Type"),
                    "body": json.loads(body) if body else None,
                }
            )
            status, answer = recorder.answers.get(
                (self.command, parts.path),
                (404, {"kind": "Status", "reason": "NotFound", "message": f"{parts.path} not found"}),
            )
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PATCH = do_DELETE = do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield recorder
    server.shutdown()
    server.server_close()


def runtime_for(api: Recorder, **overrides: object) -> KubernetesRuntime:
    configuration = client.Configuration(host=api.url)
    return KubernetesRuntime(settings(**overrides), api_client=client.ApiClient(configuration))


def _applies(api: Recorder) -> list[dict]:
    return [r for r in api.requests if r["method"] == "PATCH"]


async def test_plain_load_applies_the_deployment_and_service_server_side(api: Recorder) -> None:
    v3 = version(3)
    name = m.version_name(v3)
    api.answer("PATCH", f"/apis/apps/v1/namespaces/{NS}/deployments/{name}", 200, m.version_deployment(v3, settings()))
    api.answer("PATCH", f"/api/v1/namespaces/{NS}/services/{name}", 200, m.version_service(v3, settings()))

    runtime = runtime_for(api)
    await runtime.load(v3)

    # Discovery first: no serving.kserve.io/v1beta1 here (404), so plain Deployments.
    assert api.requests[0]["path"] == "/apis/serving.kserve.io/v1beta1"
    deployment, service = _applies(api)
    for request in (deployment, service):
        assert request["content_type"] == "application/apply-patch+yaml"
        assert "fieldManager=slipway" in request["query"] and "force=true" in request["query"]
    assert deployment["body"] == m.version_deployment(v3, settings())
    assert service["body"] == m.version_service(v3, settings())


async def test_plain_readiness_comes_from_the_deployment_status(api: Recorder) -> None:
    v3 = version(3)
    path = f"/apis/apps/v1/namespaces/{NS}/deployments/{m.version_name(v3)}/status"
    deployment = m.version_deployment(v3, settings())
    deployment["metadata"]["generation"] = 2
    api.answer(
        "GET",
        path,
        200,
        {**deployment, "status": {"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 0}},
    )
    runtime = runtime_for(api, kubernetes_kserve="never")
    assert await runtime.is_ready(v3) is False

    api.answer(
        "GET",
        path,
        200,
        {**deployment, "status": {"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1}},
    )
    assert await runtime.is_ready(v3) is True

    api.answer(
        "GET",
        path,
        200,
        {**deployment, "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1}},
    )
    assert await runtime.is_ready(v3) is False  # the controller has not seen the newest spec yet


async def test_plain_runtime_refuses_a_weighted_split_before_touching_the_cluster(api: Recorder) -> None:
    runtime = runtime_for(api, kubernetes_kserve="never")
    with pytest.raises(RuntimeCheckFailed, match="cannot weight traffic.*install KServe"):
        await runtime.apply_route(route((version(3), 90), (version(4), 10)))
    assert api.requests == []


async def test_unload_and_remove_route_are_idempotent(api: Recorder) -> None:
    runtime = runtime_for(api, kubernetes_kserve="never")
    await runtime.unload(version(3))  # nothing there: 404s are fine
    await runtime.remove_route(route((version(3), 100)))
    assert [r["method"] for r in api.requests] == ["DELETE", "DELETE", "DELETE"]


async def test_kserve_canary_step_patches_the_route_isvc_and_waits_for_its_rollout(api: Recorder) -> None:
    v3, v4 = version(3), version(4)
    stable_route = route((v3, 100))
    name = m.isvc_name(stable_route)
    api.answer(
        "GET",
        "/apis/serving.kserve.io/v1beta1",
        200,
        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "serving.kserve.io/v1beta1", "resources": []},
    )
    rolled_out = {**m.inference_service(stable_route, v3, settings()), "status": {}}
    rolled_out["metadata"]["generation"] = 1
    api.answer("GET", f"{ISVC_PATH}/{name}", 200, rolled_out)
    applied = m.inference_service(route((v3, 90), (v4, 10)), v3, settings(), canary=v4, canary_percent=10)
    applied["metadata"]["generation"] = 2
    api.answer("PATCH", f"{ISVC_PATH}/{name}", 200, {**applied, "status": {"observedGeneration": 1}})

    runtime = runtime_for(api)
    with pytest.raises(RuntimeUnavailable, match="rolling out"):
        await runtime.apply_route(route((v3, 90), (v4, 10)))
    (patch,) = _applies(api)
    assert patch["body"]["spec"]["predictor"]["canaryTrafficPercent"] == 10
    assert patch["body"]["spec"]["predictor"]["model"]["storageUri"].endswith("/4.onnx")

    ready = {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True"}]}
    api.answer("PATCH", f"{ISVC_PATH}/{name}", 200, {**applied, "status": ready})
    await runtime.apply_route(route((v3, 90), (v4, 10)))  # applied again, now rolled out
    assert runtime.endpoint_url(stable_route).endswith(f"/v2/models/{name}/infer")


async def test_kserve_failed_revision_fails_the_step_with_kserves_reason(api: Recorder) -> None:
    v3 = version(3)
    name = m.isvc_name(route((v3, 100)))
    applied = m.inference_service(route((v3, 100)), v3, settings())
    applied["metadata"]["generation"] = 1
    status = {
        "observedGeneration": 1,
        "conditions": [{"type": "Ready", "status": "False"}],
        "modelStatus": {"lastFailureInfo": {"reason": "ModelLoadFailed", "message": "sha mismatch"}},
    }
    api.answer("PATCH", f"{ISVC_PATH}/{name}", 200, {**applied, "status": status})
    runtime = runtime_for(api, kubernetes_kserve="always")
    with pytest.raises(RuntimeCheckFailed, match="ModelLoadFailed: sha mismatch"):
        await runtime.apply_route(route((v3, 100)))


async def test_stats_come_from_prometheus_and_say_so_when_it_is_not_set(api: Recorder) -> None:
    with pytest.raises(RuntimeCheckFailed, match="SLIPWAY_KUBERNETES_PROMETHEUS_URL is not set"):
        await runtime_for(api, kubernetes_kserve="never").stats(version(3))

    counts = iter(
        [
            {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [0, "120"]}]}},
            {"status": "success", "data": {"resultType": "vector", "result": []}},
        ]
    )
    buckets = {
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [{"metric": {"le": "+Inf"}, "value": [0, "120"]}, {"metric": {"le": "0.1"}, "value": [0, "100"]}],
        },
    }

    class Answers(dict):
        def get(self, key: tuple[str, str], default: object = None) -> object:
            if key == ("GET", "/api/v1/query"):
                try:
                    return 200, next(counts)
                except StopIteration:
                    return 200, buckets
            return super().get(key, default)

    api.answers = Answers()
    stats = await runtime_for(api, kubernetes_kserve="never", kubernetes_prometheus_url=api.url).stats(version(3))
    assert (stats.requests, stats.errors) == (120, 0)
    assert stats.latency_buckets == ((0.1, 100), (float("inf"), 120))
    queries = [r["query"] for r in api.requests]
    assert "version%3D%22pump_failure-v3%22" in queries[0] and "tenant%3D%22acme%22" in queries[0]
    assert "slipway_serve_errors_total" in queries[1] and "slipway_serve_request_seconds_bucket" in queries[2]


@pytest.mark.parametrize("served_now", ["mid-canary", "promoted"])
async def test_kserve_canary_keeps_the_right_stable_revision_across_steps(api: Recorder, served_now: str) -> None:
    v3, v4, v5 = version(3), version(4), version(5)
    name = m.isvc_name(route((v3, 100)))
    api.answer(
        "GET",
        "/apis/serving.kserve.io/v1beta1",
        200,
        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "serving.kserve.io/v1beta1", "resources": []},
    )
    if served_now == "mid-canary":  # 10 % on v4 over v3; the next step asks for 50 %
        current = m.inference_service(route((v3, 90), (v4, 10)), v3, settings(), canary=v4, canary_percent=10)
        asked, stable, canary = route((v3, 50), (v4, 50)), v3, v4
    else:  # v4 took 100 % and is the rolled-out one; a new canary v5 starts from it
        current = m.inference_service(route((v4, 100)), v4, settings())
        asked, stable, canary = route((v4, 90), (v5, 10)), v4, v5
    api.answer("GET", f"{ISVC_PATH}/{name}", 200, current)
    ready = {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True"}]}
    api.answer(
        "PATCH",
        f"{ISVC_PATH}/{name}",
        200,
        {**current, "metadata": {**current["metadata"], "generation": 1}, "status": ready},
    )

    await runtime_for(api).apply_route(asked)

    (patch,) = _applies(api)
    weight = next(t.weight for t in asked.targets if t.version == canary)
    assert patch["body"] == m.inference_service(asked, stable, settings(), canary=canary, canary_percent=weight)
