"""Every setting an operator should tune is a documented value of the chart: a new one cannot drift out of reach.

A setting is either written to the ConfigMap from values.yaml, or listed below with the reason it is not.
Deadlines, retry counts and pool sizes are never on the list: each external call's deadline must be tunable.
"""

from __future__ import annotations

import os
import re

import pytest

from backend.config import Settings
from tests.helm.test_chart import named, render

SECRET = "a secret: it comes from existingSecret (or secretEnv), never from the ConfigMap"
EMBEDDED = "embedded servers only (`slipway up`); on Kubernetes Postgres and S3 are external"
QUEUE = "queue routing: the chart's one worker Deployment consumes every queue"
POLICY = "a product rule with a working default, not capacity or a deadline; settings.extra sets it"
IDENTITY = "identity detail with the standard default; settings.extra sets it for an unusual issuer"
SERVE_TUNING = "model-server performance detail with a measured default; settings.extra sets it"
PROMQL = "PromQL matching the model server's own metric names; settings.extra sets it for a relabelling Prometheus"
HOUSEKEEPING = "storage housekeeping policy with a safe default; settings.extra sets it"

NOT_IN_VALUES: dict[str, str] = {
    "database_url": SECRET,
    "s3_access_key": SECRET,
    "s3_secret_key": SECRET,
    "jwt_private_key": SECRET,
    "serve_control_token": SECRET,
    "embedded_s3_port": EMBEDDED,
    "validation_queue": QUEUE,
    "export_queue": QUEUE,
    "deploy_queue": QUEUE,
    "webhooks_queue": QUEUE,
    "monitoring_queue": QUEUE,
    "jwt_issuer": IDENTITY,
    "jwt_audience": IDENTITY,
    "jwt_ttl_seconds": IDENTITY,
    "oidc_algorithms": IDENTITY,
    "oidc_email_claim": IDENTITY,
    "oidc_scope": IDENTITY,
    "model_part_bytes": POLICY,
    "model_url_ttl_seconds": POLICY,
    "validation_runs": POLICY,
    "labels_max_image_bytes": POLICY,
    "labels_max_mask_bytes": POLICY,
    "labels_max_voxels": POLICY,
    "labels_affine_tolerance": POLICY,
    "labels_default_values": POLICY,
    "labels_url_ttl_seconds": POLICY,
    "labels_idempotency_hours": POLICY,
    "history_max_range_days": POLICY,
    "history_auto_points": POLICY,
    "history_max_points": POLICY,
    "export_max_range_days": POLICY,
    "export_part_bytes": POLICY,
    "export_url_ttl_seconds": POLICY,
    "deploy_canary_steps": POLICY,
    "canary_step_seconds": POLICY,
    "canary_step_max_seconds": POLICY,
    "canary_min_requests": POLICY,
    "canary_max_error_rate": POLICY,
    "canary_max_p95_ratio": POLICY,
    "deploy_poll_seconds": POLICY,
    "deploy_sweep_seconds": POLICY,
    "scoring_window_seconds": POLICY,
    "scoring_batch_windows": POLICY,
    "scoring_max_windows": POLICY,
    "scoring_tolerance": POLICY,
    "scoring_interval_minutes": POLICY,
    "serve_max_request_bytes": SERVE_TUNING,
    "serve_preload": "the rollout worker loads models through the repository API; preloading is for a server run by hand",
    "serve_threads": SERVE_TUNING,
    "serve_intra_op_threads": SERVE_TUNING,
    "serve_inline_below_ms": SERVE_TUNING,
    "serve_auth_cache_seconds": SERVE_TUNING,
    "serve_max_shadow_pending": SERVE_TUNING,
    "kubernetes_promql_requests": PROMQL,
    "kubernetes_promql_errors": PROMQL,
    "kubernetes_promql_latency": PROMQL,
    "storage_orphan_grace_seconds": HOUSEKEEPING,
    "storage_housekeeping_seconds": HOUSEKEEPING,
    "credentials_retention_days": "how long ended sessions and tokens stay listed; settings.extra sets it",
    "storage_abort_incomplete_days": HOUSEKEEPING,
    "log_json": "JSON lines are what a cluster's log collector reads: the default",
}

# Deadlines, retries and pools: what an operator must be able to tune per dependency.
MUST_BE_VALUES = re.compile(r"timeout|_max_attempts$|^database_pool_|_max_running_|_connections$")

# ConfigMap keys the chart sets to something other than the code's default, on purpose.
CHART_DECIDES = {
    "data_dir",
    "web_dist",
    "public_url",
    "api_host",
    "s3_endpoint",
    "s3_region",
    "serve_host",
    "serve_url",
    "serve_public_url",
    "serve_use_gpu",
    "kubernetes_namespace",
    "kubernetes_image",
    "kubernetes_env_configmap",
    "kubernetes_env_secret",
}


# Values rendered only when set: the reachability check fills each in.
OPTIONAL = [
    "settings.oidc.issuer=https://id.example.com",
    "settings.oidc.audience=slipway",
    "settings.oidc.clientId=web",
    "serving.kubernetes.modelServiceAccount=models",
    "serving.kubernetes.kserveRuntime=onnx",
    "serving.kubernetes.prometheusUrl=http://prometheus:9090",
]


def _configmap(*extra: str) -> dict[str, str]:
    return named(render("default", *extra), "ConfigMap", "prod-slipway")["data"]


def _reachable() -> set[str]:
    flags = [arg for value in OPTIONAL for arg in ("--set", value)]
    return {key.removeprefix("SLIPWAY_").lower() for key in _configmap(*flags)}


def _settings_from(data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key in [k for k in os.environ if k.startswith("SLIPWAY_")]:
        monkeypatch.delenv(key)
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    return Settings()


def test_every_setting_is_a_value_of_the_chart_or_listed_with_a_reason() -> None:
    rendered = _reachable()
    unreachable = [name for name in Settings.model_fields if name not in rendered and name not in NOT_IN_VALUES]
    assert unreachable == [], (
        f"{unreachable}: add each to helm/slipway/values.yaml (documented) and templates/configmap.yaml, "
        "or to NOT_IN_VALUES here with the reason operators never need it"
    )


def test_the_list_of_settings_left_out_is_exact_and_holds_no_deadline() -> None:
    rendered = _reachable()
    assert sorted(set(NOT_IN_VALUES) - set(Settings.model_fields)) == [], "gone from backend/config.py"
    assert sorted(set(NOT_IN_VALUES) & rendered) == [], "in the ConfigMap after all"
    assert sorted(name for name in NOT_IN_VALUES if MUST_BE_VALUES.search(name)) == []
    assert all(reason.strip() for reason in NOT_IN_VALUES.values())


def test_the_chart_defaults_are_the_code_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """A values.yaml default that drifts from backend/config.py silently changes every cluster's behaviour."""
    data = _configmap()
    from_chart = _settings_from(data, monkeypatch)
    for key in data:
        monkeypatch.delenv(key)
    defaults = Settings()
    differing = {
        name
        for name in (key.removeprefix("SLIPWAY_").lower() for key in data)
        if getattr(from_chart, name) != getattr(defaults, name)
    }
    assert differing == CHART_DECIDES


def test_deadlines_and_limits_set_in_values_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _configmap(
        "--set",
        "settings.s3.callTimeoutSeconds=12.5",
        "--set",
        "settings.database.poolTimeoutSeconds=2.5",
        "--set",
        "settings.api.maxModelBytes=5368709120",
        "--set",
        "settings.graphql.maxCost=2000000",
        "--set",
        "settings.webhooks.connectTimeoutSeconds=1.5",
        "--set",
        "settings.webhooks.timeoutSeconds=20",
        "--set",
        "serving.kubernetes.timeoutSeconds=7",
    )
    settings = _settings_from(data, monkeypatch)
    assert settings.s3_call_timeout_seconds == 12.5
    assert settings.database_pool_timeout_seconds == 2.5
    assert settings.max_model_bytes == 5 << 30
    assert settings.graphql_max_cost == 2_000_000
    assert settings.webhooks_connect_timeout_seconds == 1.5
    assert settings.webhooks_timeout_seconds == 20
    assert settings.kubernetes_timeout_seconds == 7
