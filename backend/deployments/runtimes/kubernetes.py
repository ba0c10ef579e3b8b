"""The `kubernetes` runtime: KServe InferenceServices when the CRD exists, else Deployments + Services.

Objects are written with server-side apply (field manager `slipway`), so every call is a
create-or-update that the reconcile loop may repeat. The official client is synchronous; each call
runs in a thread. What each mode can and cannot do is in docs/kubernetes.md.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import numpy as np
from kubernetes import client, config
from kubernetes.client.rest import ApiException
from urllib3.exceptions import HTTPError as Urllib3Error

from backend.config import Settings
from backend.deployments.runtimes import k8s_manifests as m
from backend.deployments.runtimes import smoke
from backend.deployments.runtimes.base import (
    Route,
    RouteTarget,
    RuntimeCheckFailed,
    RuntimeUnavailable,
    ServedVersion,
    VersionStats,
)
from backend.deployments.runtimes.model_server_client import ModelServerClient

log = logging.getLogger(__name__)
T = TypeVar("T")

FIELD_MANAGER = "slipway"
APPLY = "application/apply-patch+yaml"


def api_client_from_environment() -> client.ApiClient:
    """In-cluster service-account config, else the kubeconfig ($KUBECONFIG or ~/.kube/config)."""
    configuration = client.Configuration()
    try:
        config.load_incluster_config(client_configuration=configuration)
    except config.ConfigException:
        try:
            config.load_kube_config(client_configuration=configuration)
        except (config.ConfigException, OSError) as exc:
            raise RuntimeUnavailable(
                "SLIPWAY_RUNTIME=kubernetes but no cluster is configured: run the worker in a pod with a service "
                f"account, or point KUBECONFIG at a kubeconfig ({exc})."
            ) from exc
    return client.ApiClient(configuration)


class KubernetesRuntime:
    """Runs versions on a cluster; `kserve` (None: detect) picks InferenceServices over plain Deployments."""

    name = "kubernetes"

    def __init__(
        self, settings: Settings, *, api_client: client.ApiClient | None = None, kserve: bool | None = None
    ) -> None:
        self._settings = settings
        self._api_client = api_client
        self._kserve = {"always": True, "never": False}.get(settings.kubernetes_kserve, kserve)
        self._ns = settings.kubernetes_namespace

    # --- the Runtime protocol ------------------------------------------------

    async def load(self, version: ServedVersion) -> None:
        if await self.uses_kserve():
            # KServe pulls a version's model when a route's InferenceService points at it (apply_route).
            return
        await self._call(
            self._apps().patch_namespaced_deployment,
            m.version_name(version),
            self._ns,
            m.version_deployment(version, self._settings),
            **_apply(),
        )
        await self._call(
            self._core().patch_namespaced_service,
            m.version_name(version),
            self._ns,
            m.version_service(version, self._settings),
            **_apply(),
        )

    async def is_ready(self, version: ServedVersion) -> bool:
        if await self.uses_kserve():
            carriers = [
                isvc
                for isvc in await self._route_isvcs(version)
                if isvc["metadata"].get("annotations", {}).get(m.VERSION_ID) == str(version.version_id)
            ]
            # Not on a route yet: nothing runs it; apply_route waits for KServe's own readiness instead.
            return all(_isvc_state(isvc)[0] == "ready" for isvc in carriers)
        try:
            deployment = await self._call(
                self._apps().read_namespaced_deployment_status, m.version_name(version), self._ns
            )
        except RuntimeCheckFailed:
            return False
        return _deployment_ready(deployment)

    async def smoke(self, version: ServedVersion) -> None:
        if await self.uses_kserve():
            # KServe serves a version only behind a route; its readiness probe gates traffic there.
            return
        server = self._version_client(version)
        try:
            metadata = await server.metadata(version.tenant_id, version.served_name)
            outputs = await server.infer(version.tenant_id, version.served_name, smoke.inputs_for(metadata))
        finally:
            await server.aclose()
        smoke.check_answer(version.served_name, outputs)

    async def apply_route(self, route: Route) -> None:
        if await self.uses_kserve():
            await self._apply_isvc_route(route)
            return
        target = _single_target(route)
        # The pods learn the route's name before the Service sends them its traffic.
        await self._push_route_to_pods(route, target)
        await self._call(
            self._core().patch_namespaced_service,
            m.route_name(route),
            self._ns,
            m.route_service(route, target, self._settings),
            **_apply(),
        )

    async def remove_route(self, route: Route) -> None:
        if await self.uses_kserve():
            await self._delete(
                self._custom().delete_namespaced_custom_object,
                m.KSERVE_GROUP,
                m.KSERVE_VERSION,
                self._ns,
                m.KSERVE_PLURAL,
                m.isvc_name(route),
            )
        else:
            await self._delete(self._core().delete_namespaced_service, m.route_name(route), self._ns)

    async def unload(self, version: ServedVersion) -> None:
        if await self.uses_kserve():
            return  # KServe drops a revision once no traffic target names it
        await self._delete(self._core().delete_namespaced_service, m.version_name(version), self._ns)
        # Terminating pods finish their requests (preStop + grace period) before they exit.
        await self._delete(self._apps().delete_namespaced_deployment, m.version_name(version), self._ns)

    async def stats(self, version: ServedVersion) -> VersionStats:
        url = self._settings.kubernetes_prometheus_url
        if not url:
            raise RuntimeCheckFailed(
                "canary checks on the kubernetes runtime read the model servers' metrics from Prometheus, and "
                "SLIPWAY_KUBERNETES_PROMETHEUS_URL is not set: set it, or deploy with BLUE_GREEN or DIRECT."
            )
        fill = {"tenant": version.tenant_slug, "name": version.served_name, "namespace": self._ns}
        s = self._settings
        async with httpx.AsyncClient(base_url=url.rstrip("/"), timeout=s.kubernetes_timeout_seconds) as prom:
            requests = _scalar(await _promql(prom, s.kubernetes_promql_requests.format(**fill)))
            errors = _scalar(await _promql(prom, s.kubernetes_promql_errors.format(**fill)))
            buckets = await _promql(prom, s.kubernetes_promql_latency.format(**fill))
        latency = sorted((float(b["metric"].get("le", "inf")), int(float(b["value"][1]))) for b in buckets)
        return VersionStats(requests=requests, errors=errors, latency_buckets=tuple(latency))

    async def infer(self, version: ServedVersion, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Control inference straight to one version's pods (scoring runs), never through a route."""
        if await self.uses_kserve():
            raise RuntimeCheckFailed(
                "on KServe only routes run (one InferenceService per environment), so single versions such as "
                "shadows cannot be scored; set SLIPWAY_KUBERNETES_KSERVE=never to run each version on its own."
            )
        server = self._version_client(version)
        try:
            return await server.infer(version.tenant_id, version.served_name, inputs)
        finally:
            await server.aclose()

    def endpoint_url(self, route: Route) -> str:
        """In-cluster URL of the route (KServe names the model after its InferenceService)."""
        if self._kserve:
            name = m.isvc_name(route)
            return f"http://{name}.{self._ns}.svc.cluster.local/v2/models/{name}/infer"
        return f"http://{m.route_name(route)}.{self._ns}.svc.cluster.local/v2/models/{route.name}/infer"

    # --- KServe ----------------------------------------------------------------

    async def uses_kserve(self) -> bool:
        """Whether the cluster serves serving.kserve.io/v1beta1 (discovery needs no extra RBAC)."""
        if self._kserve is None:
            try:
                await self._call(self._custom().get_api_resources, m.KSERVE_GROUP, m.KSERVE_VERSION)
                self._kserve = True
            except RuntimeCheckFailed:
                self._kserve = False
            log.info("kubernetes runtime: %s", "KServe InferenceServices" if self._kserve else "plain Deployments")
        return self._kserve

    async def _apply_isvc_route(self, route: Route) -> None:
        name = m.isvc_name(route)
        if len(route.targets) == 1:
            body = m.inference_service(route, route.targets[0].version, self._settings)
        elif len(route.targets) == 2:
            current = await self._read_isvc(name)
            stable, canary = _stable_and_canary(route, current)
            body = m.inference_service(
                route, stable.version, self._settings, canary=canary.version, canary_percent=canary.weight
            )
        else:
            raise RuntimeCheckFailed(
                f"route {route.name} splits over {len(route.targets)} versions; KServe's canary "
                "splits between the rolled-out revision and one canary only."
            )
        applied = await self._object(
            self._custom().patch_namespaced_custom_object,
            m.KSERVE_GROUP,
            m.KSERVE_VERSION,
            self._ns,
            m.KSERVE_PLURAL,
            name,
            body,
            **_apply(),
        )
        state, reason = _isvc_state(applied)
        if state == "failed":
            raise RuntimeCheckFailed(f"InferenceService {name} did not become ready: {reason}")
        if state != "ready":
            # Idempotent: the reconcile loop applies again and gets here once KServe has rolled out.
            raise RuntimeUnavailable(f"InferenceService {name} is rolling out ({reason}); try again shortly.")

    async def _read_isvc(self, name: str) -> dict | None:
        try:
            return await self._object(
                self._custom().get_namespaced_custom_object,
                m.KSERVE_GROUP,
                m.KSERVE_VERSION,
                self._ns,
                m.KSERVE_PLURAL,
                name,
            )
        except RuntimeCheckFailed:
            return None

    async def _route_isvcs(self, version: ServedVersion) -> list[dict]:
        selector = (
            f"slipway.io/tenant={m.label_value(version.tenant_slug)},slipway.io/model="
            f"{m.label_value(version.model_name)}"
        )
        listing = await self._object(
            self._custom().list_namespaced_custom_object,
            m.KSERVE_GROUP,
            m.KSERVE_VERSION,
            self._ns,
            m.KSERVE_PLURAL,
            label_selector=selector,
        )
        return listing.get("items", [])

    # --- plain ------------------------------------------------------------------

    def _version_client(self, version: ServedVersion) -> ModelServerClient:
        """The version's own Service: its pods answer the control token like the local model server."""
        return ModelServerClient.from_settings(
            self._settings, f"http://{m.version_name(version)}.{self._ns}.svc.cluster.local"
        )

    async def _push_route_to_pods(self, route: Route, target: ServedVersion) -> None:
        """Tell every ready pod of `target` that `route.name` means its version (the pods know only that one)."""
        selector = ",".join(f"{k}={v}" for k, v in m.version_labels(target).items())
        pods = await self._call(self._core().list_namespaced_pod, self._ns, label_selector=selector)
        addresses = [pod.status.pod_ip for pod in pods.items if pod.status and pod.status.pod_ip and _pod_ready(pod)]
        if not addresses:
            raise RuntimeUnavailable(f"no ready pod of {target.served_name} yet; the route switches once one is.")
        for address in addresses:
            server = ModelServerClient.from_settings(self._settings, f"http://{address}:{m.SERVE_PORT}")
            try:
                await server.put_route(route.tenant_id, route.name, [(target.served_name, 100)], [])
            finally:
                await server.aclose()

    # --- Kubernetes API plumbing ---------------------------------------------------

    def _client(self) -> client.ApiClient:
        if self._api_client is None:
            self._api_client = api_client_from_environment()
        return self._api_client

    def _apps(self) -> client.AppsV1Api:
        return client.AppsV1Api(self._client())

    def _core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self._client())

    def _custom(self) -> client.CustomObjectsApi:
        return client.CustomObjectsApi(self._client())

    async def _call(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One API call in a thread; 404/400/422 -> RuntimeCheckFailed, everything else -> RuntimeUnavailable."""
        kwargs.setdefault("_request_timeout", self._settings.kubernetes_timeout_seconds)
        try:
            return await asyncio.to_thread(method, *args, **kwargs)
        except ApiException as exc:
            message = f"the Kubernetes API answered {exc.status} {exc.reason}: {_api_message(exc)}"
            if exc.status in (400, 404, 409, 422):
                raise RuntimeCheckFailed(message) from exc
            # 401/403 are RBAC to fix (see the Helm chart's Role); 5xx and 429 pass. Either way: retry later.
            raise RuntimeUnavailable(message) from exc
        except (Urllib3Error, OSError) as exc:
            raise RuntimeUnavailable(f"the Kubernetes API did not answer: {exc}") from exc

    async def _object(self, method: Callable[..., object], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A custom-objects call: the client hands back the JSON object as a dict, though its stubs say `object`."""
        answer = await self._call(method, *args, **kwargs)
        if not isinstance(answer, dict):
            raise RuntimeUnavailable(f"the Kubernetes API answered a {type(answer).__name__}, not a JSON object")
        return answer

    async def _delete(self, method: Callable[..., Any], *args: Any) -> None:
        try:
            await self._call(method, *args)
        except RuntimeCheckFailed as exc:
            if not (isinstance(exc.__cause__, ApiException) and exc.__cause__.status == 404):
                raise


def _apply() -> dict[str, Any]:
    return {"field_manager": FIELD_MANAGER, "force": True, "_content_type": APPLY}


def _api_message(exc: ApiException) -> str:
    import json

    try:
        return json.loads(exc.body or "{}").get("message") or str(exc.body)
    except ValueError:
        return str(exc.body)


def _single_target(route: Route) -> ServedVersion:
    weighted = [t for t in route.targets if t.weight > 0]
    if len(weighted) != 1 or weighted[0].weight != 100:
        split = ", ".join(f"{t.version.served_name} {t.weight}%" for t in route.targets)
        raise RuntimeCheckFailed(
            f"route {route.name} asks for a weighted split ({split}). Without KServe the kubernetes runtime switches "
            "a route whole through its Service selector and cannot weight traffic: install KServe for CANARY "
            "(canaryTrafficPercent), or deploy with BLUE_GREEN or DIRECT."
        )
    return weighted[0].version


def _stable_and_canary(route: Route, current: dict | None) -> tuple[RouteTarget, RouteTarget]:
    """The stable target is the one the InferenceService rolled out before the canary started."""
    annotations = (current or {}).get("metadata", {}).get("annotations", {})
    percent = (current or {}).get("spec", {}).get("predictor", {}).get("canaryTrafficPercent")
    # Mid-canary the stable one is remembered; otherwise (no canary, or one promoted to 100) it is the served one.
    in_canary = percent is not None and percent < 100
    stable_id = annotations.get("slipway.io/stable-version-id") if in_canary else annotations.get(m.VERSION_ID)
    for target in route.targets:
        if str(target.version.version_id) == stable_id:
            other = next(t for t in route.targets if t is not target)
            return target, other
    raise RuntimeCheckFailed(
        f"route {route.name} asks for a canary split, but its InferenceService does not serve either version yet; "
        "KServe canaries start from a rolled-out version: route it 100% first."
    )


def _isvc_state(isvc: dict) -> tuple[str, str]:
    """("ready" | "failed" | "pending", why) from an InferenceService's status."""
    status = isvc.get("status") or {}
    generation = isvc.get("metadata", {}).get("generation")
    conditions = {c.get("type"): c for c in status.get("conditions", [])}
    ready = conditions.get("Ready", {})
    if generation is not None and status.get("observedGeneration", 0) < generation:
        return "pending", "KServe has not seen the newest spec yet"
    if ready.get("status") == "True":
        return "ready", "ready"
    failure = (status.get("modelStatus") or {}).get("lastFailureInfo")
    if failure:
        return "failed", f"{failure.get('reason')}: {failure.get('message')}"
    return "pending", ready.get("message") or ready.get("reason") or "no Ready condition yet"


def _deployment_ready(deployment: Any) -> bool:
    spec_replicas = deployment.spec.replicas or 0
    status = deployment.status
    return bool(
        status
        and (status.observed_generation or 0) >= (deployment.metadata.generation or 0)
        and (status.updated_replicas or 0) >= spec_replicas
        and (status.ready_replicas or 0) >= spec_replicas
        and spec_replicas > 0
    )


def _pod_ready(pod: Any) -> bool:
    return any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []))


async def _promql(prom: httpx.AsyncClient, query: str) -> list[dict]:
    try:
        response = await prom.get("/api/v1/query", params={"query": query})
    except httpx.HTTPError as exc:
        raise RuntimeUnavailable(f"Prometheus at {prom.base_url} did not answer: {exc!r}") from exc
    if response.status_code >= 500:
        raise RuntimeUnavailable(f"Prometheus answered {response.status_code}: {response.text[:200]}")
    body = response.json()
    if response.status_code >= 400 or body.get("status") != "success":
        raise RuntimeCheckFailed(
            f"Prometheus rejected the query {query!r}: {body.get('error', response.text[:200])}; "
            "fix the SLIPWAY_KUBERNETES_PROMQL_* settings."
        )
    return body["data"]["result"]


def _scalar(result: list[dict]) -> int:
    """A summed counter; no series means no request was counted yet."""
    if not result:
        return 0
    value = float(result[0]["value"][1])
    return 0 if math.isnan(value) else int(value)
