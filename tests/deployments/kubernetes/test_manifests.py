"""Every object the kubernetes runtime applies, validated against the Kubernetes and KServe schemas."""

from __future__ import annotations

import re

import jsonschema
import kubernetes_validate
import pytest

from backend.deployments.runtimes import k8s_manifests as m
from tests.deployments.kubernetes.manifests import route, settings, validate_isvc, validate_kubernetes, version

DNS_1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


def test_direct_inference_service_serves_the_version_from_s3_over_protocol_v2() -> None:
    v3 = version(3)
    isvc = m.inference_service(route((v3, 100)), v3, settings())

    validate_isvc(isvc)
    predictor = isvc["spec"]["predictor"]
    assert predictor["model"]["modelFormat"] == {"name": "onnx"}
    assert predictor["model"]["protocolVersion"] == "v2"
    assert predictor["model"]["storageUri"] == f"s3://slipway-prod/{v3.storage_key}"
    assert predictor["serviceAccountName"] == "slipway-models"
    assert "canaryTrafficPercent" not in predictor
    assert "nvidia.com/gpu" not in predictor["model"]["resources"]["limits"]
    assert "nodeSelector" not in predictor and "tolerations" not in predictor
    assert isvc["metadata"]["name"] == "acme-pump-failure-production-" + isvc["metadata"]["name"][-8:]
    assert DNS_1035.match(isvc["metadata"]["name"]) and len(isvc["metadata"]["name"]) <= 45
    assert isvc["metadata"]["labels"]["slipway.io/environment"] == "production"
    assert isvc["metadata"]["annotations"][m.VERSION_ID] == str(v3.version_id)


def test_canary_step_points_the_new_revision_at_the_canary_with_its_percent() -> None:
    v3, v4 = version(3), version(4)
    isvc = m.inference_service(route((v3, 90), (v4, 10)), v3, settings(), canary=v4, canary_percent=10)

    validate_isvc(isvc)
    predictor = isvc["spec"]["predictor"]
    assert predictor["canaryTrafficPercent"] == 10
    assert predictor["model"]["storageUri"].endswith("/4.onnx")
    assert isvc["metadata"]["annotations"]["slipway.io/stable-version-id"] == str(v3.version_id)


def test_gpu_version_asks_for_the_gpu_and_lands_on_the_gpu_pool() -> None:
    v5 = version(5, gpu=True)
    isvc = m.inference_service(route((v5, 100)), v5, settings(kubernetes_gpu_count=2))

    validate_isvc(isvc)
    predictor = isvc["spec"]["predictor"]
    assert predictor["model"]["resources"]["limits"]["nvidia.com/gpu"] == "2"
    assert predictor["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    assert predictor["tolerations"][0]["key"] == "nvidia.com/gpu"


def test_gpu_all_puts_every_version_on_the_gpu_pool() -> None:
    v3 = version(3)
    deployment = m.version_deployment(v3, settings(kubernetes_gpu_all=True))
    validate_kubernetes(deployment)
    pod = deployment["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert pod["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    isvc = m.inference_service(route((v3, 100)), v3, settings(kubernetes_gpu_all=True))
    validate_isvc(isvc)
    assert isvc["spec"]["predictor"]["tolerations"][0]["effect"] == "NoSchedule"


def test_named_serving_runtime_is_passed_to_kserve() -> None:
    v3 = version(3)
    isvc = m.inference_service(route((v3, 100)), v3, settings(kubernetes_kserve_runtime="kserve-tritonserver"))
    validate_isvc(isvc)
    assert isvc["spec"]["predictor"]["model"]["runtime"] == "kserve-tritonserver"


def test_isvc_schema_rejects_a_misspelt_or_mistyped_field() -> None:
    """The stored CRD schema is strict enough to catch what KServe would drop or refuse."""
    v3 = version(3)
    isvc = m.inference_service(route((v3, 100)), v3, settings())
    misspelt = {**isvc, "spec": {"predictor": {**isvc["spec"]["predictor"], "canaryTraficPercent": 10}}}
    with pytest.raises(jsonschema.ValidationError):
        validate_isvc(misspelt)
    mistyped = {**isvc, "spec": {"predictor": {**isvc["spec"]["predictor"], "canaryTrafficPercent": "10%"}}}
    with pytest.raises(jsonschema.ValidationError):
        validate_isvc(mistyped)
    with pytest.raises(jsonschema.ValidationError):
        validate_isvc({**isvc, "spec": {}})  # predictor is required


@pytest.mark.parametrize("gpu", [False, True], ids=["cpu", "gpu"])
def test_version_deployment_and_service_are_valid_kubernetes_objects(gpu: bool) -> None:
    v4 = version(4, gpu=gpu)
    deployment = m.version_deployment(v4, settings())
    service = m.version_service(v4, settings())

    validate_kubernetes(deployment)
    validate_kubernetes(service)
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["args"] == ["serve", "--preload", f"{v4.tenant_id}:{v4.version_id}", "--answer-routes"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/v2/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/v2/health/live"
    assert (
        deployment["spec"]["selector"]["matchLabels"].items()
        <= deployment["spec"]["template"]["metadata"]["labels"].items()
    )
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert ("nvidia.com/gpu" in container["resources"]["limits"]) is gpu
    assert ("nodeSelector" in pod and "tolerations" in pod) is gpu
    assert DNS_1035.match(deployment["metadata"]["name"])


def test_blue_green_switch_moves_the_route_service_selector_from_blue_to_green() -> None:
    v3, v4 = version(3), version(4)
    blue = m.route_service(route((v3, 100)), v3, settings())
    green = m.route_service(route((v4, 100), shadows=(version(5),)), v4, settings())

    validate_kubernetes(blue)
    validate_kubernetes(green)
    assert blue["metadata"]["name"] == green["metadata"]["name"]
    assert blue["spec"]["selector"] == m.version_service(v3, settings())["spec"]["selector"]
    assert green["spec"]["selector"] == m.version_service(v4, settings())["spec"]["selector"]
    assert blue["spec"]["selector"] != green["spec"]["selector"]
    assert green["metadata"]["annotations"]["slipway.io/shadows"] == "pump_failure-v5"


def test_kubernetes_validation_rejects_an_unknown_field() -> None:
    """Proves the strict Kubernetes validation used above can fail."""
    deployment = m.version_deployment(version(3), settings())
    deployment["spec"]["template"]["spec"]["containers"][0]["readynessProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        validate_kubernetes(deployment)


@pytest.mark.parametrize("raw", ["Acme", "a_b", "a.b", "9lives", "x" * 80, "ünïcode-model"])
def test_names_are_dns_labels_and_sanitised_names_do_not_collide(raw: str) -> None:
    name = m.dns_name("tenant", raw)
    assert DNS_1035.match(name) and len(name) <= 63
    assert m.dns_name("tenant", raw, max_length=45).__len__() <= 45
    assert m.dns_name("tenant", "a_b") != m.dns_name("tenant", "a.b")
