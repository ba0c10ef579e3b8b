"""The Kubernetes objects the kubernetes runtime applies, as plain dicts (pure: tests validate them).

Two shapes:
- KServe present: one `InferenceService` per route (`{tenant}-{model}-{environment}`); a canary step
  is the new version's storageUri with `canaryTrafficPercent`, KServe keeping the previous revision
  for the rest.
- Plain: one Deployment + Service per version (our image, `slipway serve --preload TENANT:VERSION`),
  and one Service per route whose selector points at exactly one version (blue-green switch).
"""

from __future__ import annotations

import hashlib
import re

from backend.config import Settings
from backend.deployments.runtimes.base import Route, ServedVersion

KSERVE_GROUP = "serving.kserve.io"
KSERVE_VERSION = "v1beta1"
KSERVE_PLURAL = "inferenceservices"
KSERVE_CRD = f"{KSERVE_PLURAL}.{KSERVE_GROUP}"

SERVE_PORT = 8001  # the container port `slipway serve` listens on inside a pod
MANAGED_BY = {"app.kubernetes.io/managed-by": "slipway", "app.kubernetes.io/component": "model-server"}
VERSION_ID = "slipway.io/version-id"  # annotation: which registry version an object serves

_INVALID = re.compile(r"[^a-z0-9-]+")


def dns_name(*parts: str, max_length: int = 63) -> str:
    """A DNS-1035 label from parts: lower case, [a-z0-9-], starts with a letter; long names end in a hash."""
    raw = "-".join(parts)
    name = _INVALID.sub("-", raw.lower()).strip("-")
    name = re.sub("-{2,}", "-", name)
    if not name or not name[0].isalpha():
        name = f"m-{name}".rstrip("-")
    if len(name) > max_length or name != raw:
        # Two different raw names must not meet after sanitising (`a_b` and `a.b` both give `a-b`).
        digest = hashlib.sha256(raw.encode()).hexdigest()[:8]
        name = f"{name[: max_length - 9].rstrip('-')}-{digest}"
    return name


def label_value(value: str) -> str:
    """A label value ([A-Za-z0-9._-], at most 63, alphanumeric at both ends)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", value)[:63]
    return cleaned.strip("-._") or "x"


def version_name(version: ServedVersion) -> str:
    return dns_name(version.tenant_slug, version.model_name, f"v{version.version}")


def route_name(route: Route, *, max_length: int = 63) -> str:
    return dns_name(route.tenant_slug, route.model_name, route.environment, max_length=max_length)


def isvc_name(route: Route) -> str:
    # Knative names the revision `{isvc}-predictor-00001` and its DNS label must stay under 64.
    return route_name(route, max_length=45)


def storage_uri(version: ServedVersion, settings: Settings) -> str:
    return f"s3://{settings.s3_bucket}/{version.storage_key}"


def version_labels(version: ServedVersion) -> dict[str, str]:
    """The labels that select one version's pods (and so the route Service's selector)."""
    return {
        "app.kubernetes.io/name": "slipway-model",
        "slipway.io/tenant": label_value(version.tenant_slug),
        "slipway.io/model": label_value(version.model_name),
        "slipway.io/version": str(version.version),
    }


def route_labels(route: Route) -> dict[str, str]:
    return {
        **MANAGED_BY,
        "app.kubernetes.io/name": "slipway-model",
        "slipway.io/tenant": label_value(route.tenant_slug),
        "slipway.io/model": label_value(route.model_name),
        "slipway.io/environment": label_value(route.environment),
    }


def version_annotations(version: ServedVersion) -> dict[str, str]:
    return {
        "slipway.io/tenant-id": str(version.tenant_id),
        "slipway.io/model-id": str(version.model_id),
        VERSION_ID: str(version.version_id),
        "slipway.io/served-name": version.served_name,
        "slipway.io/sha256": version.sha256,
    }


def wants_gpu(version: ServedVersion, settings: Settings) -> bool:
    return version.gpu or settings.kubernetes_gpu_all


def resources(version: ServedVersion, settings: Settings) -> dict:
    limits: dict[str, str] = {"cpu": settings.kubernetes_cpu_limit, "memory": settings.kubernetes_memory_limit}
    if wants_gpu(version, settings):
        limits[settings.kubernetes_gpu_resource] = str(settings.kubernetes_gpu_count)
    return {
        "requests": {"cpu": settings.kubernetes_cpu_request, "memory": settings.kubernetes_memory_request},
        "limits": limits,
    }


def gpu_placement(version: ServedVersion, settings: Settings) -> dict:
    """nodeSelector and tolerations of the GPU pool; CPU versions stay off it."""
    if not wants_gpu(version, settings):
        return {}
    placement: dict = {}
    if settings.kubernetes_gpu_node_selector:
        placement["nodeSelector"] = dict(settings.kubernetes_gpu_node_selector)
    if settings.kubernetes_gpu_tolerations:
        placement["tolerations"] = [dict(t) for t in settings.kubernetes_gpu_tolerations]
    return placement


# --- KServe ---------------------------------------------------------------


def inference_service(
    route: Route,
    stable: ServedVersion,
    settings: Settings,
    *,
    canary: ServedVersion | None = None,
    canary_percent: int | None = None,
) -> dict:
    """The route's InferenceService: `stable` takes all traffic, or `canary` takes `canary_percent` of it.

    KServe's canary is "the latest revision gets canaryTrafficPercent, the previously rolled-out one the
    rest", so a canary step is the canary's storageUri plus the percent, applied over a rolled-out `stable`.
    """
    serving = canary or stable
    model: dict = {
        "modelFormat": {"name": "onnx"},
        "protocolVersion": "v2",
        "storageUri": storage_uri(serving, settings),
        "resources": resources(serving, settings),
    }
    if settings.kubernetes_kserve_runtime:
        model["runtime"] = settings.kubernetes_kserve_runtime
    predictor: dict = {"minReplicas": settings.kubernetes_replicas, "model": model, **gpu_placement(serving, settings)}
    if settings.kubernetes_service_account:
        predictor["serviceAccountName"] = settings.kubernetes_service_account
    if canary is not None:
        predictor["canaryTrafficPercent"] = int(canary_percent if canary_percent is not None else 100)
    annotations = {
        **version_annotations(serving),
        "slipway.io/stable-version-id": str(stable.version_id),
        "slipway.io/shadows": ",".join(s.served_name for s in route.shadows),
    }
    return {
        "apiVersion": f"{KSERVE_GROUP}/{KSERVE_VERSION}",
        "kind": "InferenceService",
        "metadata": {
            "name": isvc_name(route),
            "namespace": settings.kubernetes_namespace,
            "labels": route_labels(route),
            "annotations": annotations,
        },
        "spec": {"predictor": predictor},
    }


# --- plain Deployments and Services ----------------------------------------


def _probe(path: str, *, period: int, failures: int) -> dict:
    return {
        "httpGet": {"path": path, "port": "http"},
        "periodSeconds": period,
        "failureThreshold": failures,
        "timeoutSeconds": 5,
    }


def _container(version: ServedVersion, settings: Settings) -> dict:
    env_from = []
    if settings.kubernetes_env_configmap:
        env_from.append({"configMapRef": {"name": settings.kubernetes_env_configmap}})
    if settings.kubernetes_env_secret:
        env_from.append({"secretRef": {"name": settings.kubernetes_env_secret}})
    return {
        "name": "model-server",
        "image": settings.kubernetes_image,
        "imagePullPolicy": settings.kubernetes_image_pull_policy,
        # The image's entrypoint is `slipway`; the server loads (and sha256-checks) the version before ready.
        # --answer-routes: a restarted pod answers its route's name at once, not only after the worker's next push.
        "args": ["serve", "--preload", f"{version.tenant_id}:{version.version_id}", "--answer-routes"],
        "env": [
            {"name": "SLIPWAY_SERVE_HOST", "value": "0.0.0.0"},
            {"name": "SLIPWAY_SERVE_PORT", "value": str(SERVE_PORT)},
            {"name": "SLIPWAY_DATA_DIR", "value": "/tmp/slipway"},
        ],
        "envFrom": env_from,
        "ports": [{"name": "http", "containerPort": SERVE_PORT, "protocol": "TCP"}],
        # Ready only once the preloaded model answers; live as long as the process serves HTTP.
        "readinessProbe": _probe("/v2/health/ready", period=5, failures=3),
        "livenessProbe": {**_probe("/v2/health/live", period=10, failures=6), "initialDelaySeconds": 10},
        # Endpoints drop a terminating pod a moment after SIGTERM; keep serving until they have.
        "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
        "resources": resources(version, settings),
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }


def version_deployment(version: ServedVersion, settings: Settings) -> dict:
    """One served version: `kubernetes_replicas` pods of our model server preloading it."""
    labels = version_labels(version)
    pod_spec: dict = {
        "containers": [_container(version, settings)],
        "volumes": [{"name": "tmp", "emptyDir": {}}],
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001},
        "terminationGracePeriodSeconds": 60,
        "automountServiceAccountToken": False,
        **gpu_placement(version, settings),
    }
    if settings.kubernetes_service_account:
        pod_spec["serviceAccountName"] = settings.kubernetes_service_account
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": version_name(version),
            "namespace": settings.kubernetes_namespace,
            "labels": {**MANAGED_BY, **labels},
            "annotations": version_annotations(version),
        },
        "spec": {
            "replicas": settings.kubernetes_replicas,
            "selector": {"matchLabels": labels},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {
                    "labels": {**MANAGED_BY, **labels},
                    "annotations": {
                        "prometheus.io/scrape": "true",
                        "prometheus.io/port": str(SERVE_PORT),
                        "prometheus.io/path": "/metrics",
                    },
                },
                "spec": pod_spec,
            },
        },
    }


def _service(
    name: str, selector: dict[str, str], labels: dict[str, str], annotations: dict[str, str], settings: Settings
) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": name,
            "namespace": settings.kubernetes_namespace,
            "labels": labels,
            "annotations": annotations,
        },
        "spec": {
            "type": "ClusterIP",
            "selector": selector,
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
        },
    }


def version_service(version: ServedVersion, settings: Settings) -> dict:
    """Reaches one version's pods under its served name (smoke requests, scoring runs, shadows)."""
    labels = version_labels(version)
    return _service(version_name(version), labels, {**MANAGED_BY, **labels}, version_annotations(version), settings)


def route_service(route: Route, target: ServedVersion, settings: Settings) -> dict:
    """The environment's endpoint: all of its traffic to `target`'s pods; blue-green swaps the selector."""
    annotations = {**version_annotations(target), "slipway.io/shadows": ",".join(s.served_name for s in route.shadows)}
    return _service(route_name(route), version_labels(target), route_labels(route), annotations, settings)
