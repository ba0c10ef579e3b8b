"""Shared pieces of the kubernetes runtime tests: example versions, routes and the two validators."""

from __future__ import annotations

import copy
import uuid
from functools import cache
from pathlib import Path

import jsonschema
import kubernetes_validate
import yaml

from backend.config import Settings
from backend.deployments.runtimes.base import Route, RouteTarget, ServedVersion

KUBERNETES_VERSION = "1.30.0"
DATA = Path(__file__).parent / "data"

TENANT = uuid.UUID("6f1c3a52-1111-4a5e-9d1e-3c2b1a000001")


def version(number: int, *, gpu: bool = False, model: str = "pump_failure") -> ServedVersion:
    model_id = uuid.UUID("6f1c3a52-2222-4a5e-9d1e-3c2b1a000002")
    return ServedVersion(
        tenant_id=TENANT,
        tenant_slug="acme",
        model_id=model_id,
        model_name=model,
        version_id=uuid.UUID(int=number),
        version=number,
        storage_key=f"{TENANT}/models/{model_id}/{number}.onnx",
        sha256="ab" * 32,
        gpu=gpu,
    )


def route(
    *targets: tuple[ServedVersion, int], environment: str = "production", shadows: tuple[ServedVersion, ...] = ()
) -> Route:
    first = targets[0][0]
    return Route(
        tenant_id=first.tenant_id,
        tenant_slug=first.tenant_slug,
        model_name=first.model_name,
        environment=environment,
        targets=tuple(RouteTarget(v, w) for v, w in targets),
        shadows=shadows,
    )


def settings(**overrides: object) -> Settings:
    values: dict = {
        "kubernetes_namespace": "ml-serving",
        "kubernetes_service_account": "slipway-models",
        "kubernetes_gpu_node_selector": {"cloud.google.com/gke-accelerator": "nvidia-l4"},
        "kubernetes_gpu_tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
        "s3_bucket": "slipway-prod",
    }
    values.update(overrides)
    return Settings(**values)


def validate_kubernetes(obj: dict) -> None:
    """Strict: an unknown field is an error, as with `kubectl apply --validate=strict`."""
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


@cache
def _isvc_schema() -> dict:
    schema = yaml.safe_load((DATA / "inferenceservice-v1beta1-schema.yaml").read_text())["openAPIV3Schema"]
    return _closed(copy.deepcopy(schema))


def _closed(node: dict) -> dict:
    """Every object node with listed properties rejects others (the API server's fieldValidation=Strict).

    The stored schema keeps only the fields Slipway sets, so a field outside it is either unused by us or a
    typo; both should fail here. `metadata` stays open: the API server checks it as ObjectMeta, which
    validate_isvc_metadata covers.
    """
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for key, child in node.get("properties", {}).items():
        if key != "metadata":
            _closed(child)
    if isinstance(node.get("items"), dict):
        _closed(node["items"])
    return node


def validate_isvc(obj: dict) -> None:
    jsonschema.Draft7Validator(_isvc_schema()).validate(obj)
    # ObjectMeta of a custom resource is checked by the API server like any other: borrow a ConfigMap's.
    validate_kubernetes({"apiVersion": "v1", "kind": "ConfigMap", "metadata": obj["metadata"]})
