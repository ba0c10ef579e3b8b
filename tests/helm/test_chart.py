"""The Helm chart, linted and rendered by a real Helm, every object validated against Kubernetes 1.30."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from backend.config import Settings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "slipway"
KUBERNETES_VERSION = "1.30.0"
VALUE_FILES = {"default": [], "gpu": [CHART / "values-gpu.yaml"]}


def helm() -> str:
    """The binary `make helm` installs, or $HELM / one on PATH."""
    for candidate in (os.environ.get("HELM"), str(ROOT / ".venv" / "tools" / "helm" / "helm"), shutil.which("helm")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("no helm binary: run `make helm` (it installs Helm 3.17.3 under .venv/tools) or set $HELM")


def run_helm(*args: str) -> str:
    done = subprocess.run([helm(), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"helm {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def render(values: str, *extra: str) -> list[dict]:
    flags = [arg for path in VALUE_FILES[values] for arg in ("-f", str(path))]
    out = run_helm(
        "template", "prod", str(CHART), "--namespace", "ml", "--kube-version", KUBERNETES_VERSION, *flags, *extra
    )
    return [doc for doc in yaml.safe_load_all(out) if doc]


def by_kind(objects: list[dict], kind: str) -> list[dict]:
    return [o for o in objects if o["kind"] == kind]


def named(objects: list[dict], kind: str, suffix: str) -> dict:
    (found,) = [o for o in by_kind(objects, kind) if o["metadata"]["name"].endswith(suffix)]
    return found


@pytest.mark.parametrize("values", VALUE_FILES)
def test_chart_lints_with_helm(values: str) -> None:
    flags = [arg for path in VALUE_FILES[values] for arg in ("-f", str(path))]
    out = run_helm("lint", "--strict", str(CHART), *flags)
    assert "0 chart(s) failed" in out


@pytest.mark.parametrize("values", VALUE_FILES)
def test_every_rendered_object_is_valid_kubernetes(values: str) -> None:
    objects = render(values)
    for obj in objects:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    kinds = sorted(o["kind"] for o in objects)
    assert kinds == sorted(
        [
            "ConfigMap",
            "Deployment",
            "Deployment",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Job",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "Service",
            "ServiceAccount",
        ]
    )


def test_api_has_probes_resources_pdb_and_autoscaler() -> None:
    objects = render("default")
    api = named(objects, "Deployment", "-api")
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["api"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["resources"]["limits"]["memory"] == "2Gi"
    assert "replicas" not in api["spec"]  # the autoscaler owns it
    hpa = named(objects, "HorizontalPodAutoscaler", "-api")
    assert hpa["spec"]["scaleTargetRef"]["name"] == api["metadata"]["name"]
    pdb = named(objects, "PodDisruptionBudget", "-api")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= api["spec"]["template"]["metadata"]["labels"].items()

    fixed = named(render("default", "--set", "api.autoscaling.enabled=false"), "Deployment", "-api")
    assert fixed["spec"]["replicas"] == 2


def test_migration_job_is_a_pre_install_and_pre_upgrade_hook_without_chart_objects() -> None:
    job = named(render("default"), "Job", "-migrate")
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    pod = job["spec"]["template"]["spec"]
    assert pod["containers"][0]["args"] == ["migrate"]
    # Hooks run before the release's ConfigMap exists: only the pre-existing Secret may be referenced.
    assert pod["containers"][0]["envFrom"] == [{"secretRef": {"name": "slipway-env"}}]


def test_rollout_role_is_limited_to_the_objects_the_runtime_manages_in_one_namespace() -> None:
    objects = render("default", "--set", "serving.kubernetes.namespace=models")
    role = named(objects, "Role", "-rollouts")
    binding = named(objects, "RoleBinding", "-rollouts")
    assert role["metadata"]["namespace"] == binding["metadata"]["namespace"] == "models"
    granted = {
        (group, resource) for rule in role["rules"] for group in rule["apiGroups"] for resource in rule["resources"]
    }
    assert granted == {
        ("serving.kserve.io", "inferenceservices"),
        ("apps", "deployments"),
        ("", "services"),
        ("", "pods"),
    }
    assert not any("*" in rule["verbs"] for rule in role["rules"])
    pods_rule = next(rule for rule in role["rules"] if rule["resources"] == ["pods"])
    assert set(pods_rule["verbs"]) == {"get", "list"}
    worker = named(objects, "Deployment", "-worker")
    assert binding["subjects"][0]["name"] == worker["spec"]["template"]["spec"]["serviceAccountName"]
    assert binding["subjects"][0]["namespace"] == "ml"


def test_ingress_has_tls_websocket_timeouts_and_the_model_server_path() -> None:
    objects = render("default")
    ingress = named(objects, "Ingress", "prod-slipway")
    assert ingress["spec"]["tls"][0]["secretName"] == "slipway-tls"
    assert int(ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    backends = {p["path"]: p["backend"]["service"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert backends == {"/v2": "prod-slipway-model-server", "/": "prod-slipway-api"}


def test_gpu_values_put_the_model_server_on_the_gpu_pool() -> None:
    default_server = named(render("default"), "Deployment", "-model-server")["spec"]["template"]["spec"]
    assert "nvidia.com/gpu" not in default_server["containers"][0]["resources"]["limits"]
    assert "nodeSelector" not in default_server and "tolerations" not in default_server

    gpu_server = named(render("gpu"), "Deployment", "-model-server")["spec"]["template"]["spec"]
    assert gpu_server["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert gpu_server["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    assert gpu_server["tolerations"][0]["key"] == "nvidia.com/gpu"
    assert gpu_server["containers"][0]["readinessProbe"]["httpGet"]["path"] == "/v2/health/ready"


@pytest.mark.parametrize("values", VALUE_FILES)
def test_configmap_is_read_by_the_settings_class(values: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key is a real setting and parses: a typo or a wrong JSON shape fails here, not in a pod."""
    data = named(render(values), "ConfigMap", "prod-slipway")["data"]
    known = {f"SLIPWAY_{name.upper()}" for name in Settings.model_fields}
    assert set(data) - known == set()
    for key in [k for k in os.environ if k.startswith("SLIPWAY_")]:
        monkeypatch.delenv(key)
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.s3_endpoint == "https://s3.eu-west-1.amazonaws.com"
    assert settings.model_server_url == "http://prod-slipway-model-server:8001"
    assert settings.kubernetes_namespace == "ml"
    assert settings.kubernetes_env_configmap == "prod-slipway"
    if values == "gpu":
        assert settings.runtime == "kubernetes"
        assert settings.kubernetes_gpu_all is True
        assert settings.kubernetes_gpu_node_selector == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
        assert settings.kubernetes_gpu_tolerations[0]["effect"] == "NoSchedule"
        assert settings.kubernetes_prometheus_url == "http://prometheus-operated.monitoring.svc:9090"


def test_values_file_documents_every_field() -> None:
    """values.yaml says what each field is for: a comment line right above every key."""
    lines = (CHART / "values.yaml").read_text().splitlines()
    undocumented = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("- ") or ":" not in stripped:
            continue
        parent_block = line.rstrip().endswith(":")  # a section header whose children are documented
        previous = lines[number - 1].strip() if number else ""
        if not parent_block and not previous.startswith("#") and not _inside_documented_map(lines, number):
            undocumented.append(line)
    assert undocumented == []


def _inside_documented_map(lines: list[str], number: int) -> bool:
    """Keys inside a documented value (resources: {...}, annotations: ...) belong to its comment."""
    indent = len(lines[number]) - len(lines[number].lstrip())
    for previous in reversed(lines[:number]):
        if not previous.strip() or previous.strip().startswith("#"):
            continue
        previous_indent = len(previous) - len(previous.lstrip())
        if previous_indent < indent:
            index = lines.index(previous)
            return previous.rstrip().endswith(":") and lines[index - 1].strip().startswith("#")
    return False


def test_chart_needs_an_s3_endpoint() -> None:
    done = subprocess.run(
        [helm(), "template", "prod", str(CHART), "--set", "settings.s3.endpoint="],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "settings.s3.endpoint is required" in done.stderr
