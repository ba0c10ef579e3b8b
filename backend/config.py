"""All `SLIPWAY_*` settings, read once by one pydantic-settings class."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of Slipway; unset external URLs mean "use the embedded server"."""

    model_config = SettingsConfigDict(env_prefix="SLIPWAY_", extra="ignore")

    data_dir: Path = Field(Path(".slipway"), description="Where the embedded Postgres, S3 and keys live.")

    # --- Postgres -------------------------------------------------------
    database_url: str | None = Field(
        None,
        description="External Postgres (postgresql://user:pass@host/db). Unset: embedded pgserver.",
    )
    database_pool_size: int = Field(10, description="Connections per API process.")
    database_connect_timeout_seconds: float = Field(
        5.0, description="How long opening a Postgres connection may take before it counts as unavailable."
    )
    database_statement_timeout_seconds: float = Field(
        30.0,
        description="Longest one SQL statement of the API or the model server may run (Postgres statement_timeout); "
        "past it the request is a 503 UNAVAILABLE naming the database. Worker jobs are not bound by it "
        "(an export's COPY may run longer). 0 turns it off.",
    )
    database_pool_timeout_seconds: float = Field(
        10.0, description="How long a request waits for a pooled connection before it is answered 503 UNAVAILABLE."
    )
    api_max_running_requests: int = Field(
        16,
        ge=1,
        description="GraphQL requests (uploads aside) one API process runs at once; the rest wait their turn "
        "in arrival order. Keep it under 2 × database_pool_size so a running request never waits for a connection.",
    )
    api_admission_timeout_seconds: float = Field(
        30.0, description="How long a GraphQL request waits for its turn before it is answered 503 UNAVAILABLE."
    )

    # --- S3 -------------------------------------------------------------
    s3_endpoint: str | None = Field(None, description="External S3 endpoint URL. Unset: embedded SeaweedFS.")
    s3_access_key: str | None = Field(None, description="S3 access key id.")
    s3_secret_key: str | None = Field(None, description="S3 secret access key.")
    s3_bucket: str = Field("slipway", description="Bucket holding every tenant's objects.")
    s3_region: str = Field("us-east-1", description="S3 region name used for signing.")
    s3_connect_timeout_seconds: float = Field(3.0, gt=0, description="How long opening a connection to S3 may take.")
    s3_read_timeout_seconds: float = Field(
        10.0, gt=0, description="How long S3 may stay silent on an open connection before the attempt fails."
    )
    s3_max_attempts: int = Field(
        3, ge=1, description="Attempts per idempotent S3 call, the first included; CreateMultipartUpload is tried once."
    )
    s3_call_timeout_seconds: float = Field(
        30.0,
        gt=0,
        description="Total deadline of one S3 call (one part of a transfer), retries included; past it the "
        "request answers 503 UNAVAILABLE naming S3.",
    )
    storage_orphan_grace_seconds: float = Field(
        86400,
        ge=0,
        description="Age after which storage housekeeping aborts an unfinished multipart upload and deletes an "
        "object no row points at; younger ones may belong to a transfer still in flight.",
    )
    storage_housekeeping_seconds: float = Field(
        3600, ge=60, description="Period of the storage housekeeping job (orphan objects, stale multipart uploads)."
    )
    storage_abort_incomplete_days: int = Field(
        1,
        ge=1,
        description="DaysAfterInitiation of the AbortIncompleteMultipartUpload lifecycle rule put on the bucket at "
        "the worker's first housekeeping run, where the store supports lifecycle rules.",
    )
    embedded_s3_port: int = Field(8333, description="Port of the embedded S3 endpoint; 0 picks a free one.")

    # --- API ------------------------------------------------------------
    api_host: str = Field("127.0.0.1", description="Address the API binds to.")
    api_port: int = Field(8000, description="Port the API binds to.")
    api_workers: int = Field(
        1,
        ge=1,
        description="API processes sharing the port (one event loop each, so up to one core each). Each has its "
        "own database pool: Postgres sees up to workers x 2 x database_pool_size connections from one API.",
    )
    public_url: str | None = Field(None, description="URL users reach the API at; defaults to http://host:port.")
    web_dist: Path = Field(Path("web/dist"), description="Built web app served at /, when present.")

    # --- identity -------------------------------------------------------
    jwt_issuer: str = Field("slipway", description="`iss` of tokens from the built-in issuer.")
    jwt_audience: str = Field("slipway", description="`aud` every accepted token must carry.")
    jwt_ttl_seconds: int = Field(3600, description="Lifetime of tokens from the built-in issuer.")
    jwt_private_key: str | None = Field(
        None, description="PEM RSA key of the built-in issuer. Unset: generated under data_dir/keys."
    )
    oidc_issuer: str | None = Field(
        None, description="External OIDC issuer URL; when set, tokens are checked against its JWKS."
    )
    oidc_audience: str | None = Field(None, description="`aud` expected from the OIDC issuer (default: jwt_audience).")
    oidc_algorithms: list[str] = Field(["RS256", "ES256"], description="Signature algorithms accepted from OIDC.")
    oidc_email_claim: str = Field("email", description="Claim naming the Slipway user of an OIDC token.")
    oidc_client_id: str | None = Field(
        None, description="Public client id the web app signs in with (authorization code + PKCE; no secret)."
    )
    oidc_scope: str = Field("openid email profile", description="Scopes the web app asks the OIDC issuer for.")
    session_access_ttl_seconds: int = Field(
        900,
        description="Lifetime of the access tokens /auth/token and /auth/refresh give; the web app refreshes them "
        "with its cookie (`slipway token` still uses jwt_ttl_seconds).",
    )
    session_ttl_seconds: int = Field(
        14 * 24 * 3600,
        description="How long a browser stays signed in without a password: the lifetime of a refresh session "
        "(each refresh rotates the cookie, not this deadline).",
    )
    credentials_retention_days: int = Field(
        30,
        ge=1,
        description="Days an expired or revoked browser session or personal access token is kept (the Access "
        "tokens page lists it meanwhile) before the identity housekeeping job deletes it.",
    )

    # --- GraphQL limits -------------------------------------------------
    graphql_max_depth: int = Field(12, description="Deepest selection nesting accepted.")
    graphql_max_aliases: int = Field(30, description="Most aliases in one operation.")
    # The heaviest document the product ships (graphql/operations `Model`: every version's card and
    # report) measures 113,107; 100 models × 100 versions × 100 deployments measure 1,010,301.
    graphql_max_cost: int = Field(
        200_000,
        description="Most fields one operation may resolve: each field counts once per object above it, "
        "and a list counts as its `first` (or `last`), else the argument's default, else 100 (a variable, or a list "
        "without paging): `models(first: 100) { edges { node { id } } }` measures 301.",
    )
    graphql_max_tokens: int = Field(4000, description="Most lexical tokens in one operation document.")
    graphql_introspection: bool = Field(True, description="Answer introspection queries.")
    graphql_ide: bool = Field(True, description="Serve GraphiQL on GET /graphql from a browser.")
    ws_max_operations: int = Field(
        100,
        description="Most operations (subscriptions included) running at once on "
        "one websocket; more are answered with an error.",
    )
    auth_cache_seconds: float = Field(
        5.0,
        description="How long an API process trusts a bearer token it checked and the user row it read for it: "
        "a disabled user or a changed role takes effect within this many seconds (0 reads the row every request).",
    )
    ws_check_seconds: float = Field(
        5.0,
        description="How often open websockets are checked: closed with 4401 once "
        "their token has expired, 4403 once their user is disabled.",
    )
    max_request_bytes: int = Field(1 << 20, description="Largest GraphQL request body that is not a file upload.")
    max_model_bytes: int = Field(2 << 30, description="Largest ONNX model file accepted by uploadModelVersion.")

    # --- model registry -------------------------------------------------
    model_part_bytes: int = Field(8 << 20, description="S3 multipart part size while streaming a model upload.")
    model_url_ttl_seconds: int = Field(300, description="Lifetime of presigned model download URLs.")
    validation_memory_bytes: int = Field(4 << 30, description="Address-space limit of the validation sandbox.")
    validation_timeout_seconds: float = Field(120, description="Wall-clock limit of the validation sandbox.")
    validation_runs: int = Field(10, description="Smoke inferences timed for the latency P50/P95.")
    validation_queue: str = Field(
        "default", description="Dramatiq queue of validation jobs (route them to own workers)."
    )

    # --- labeling -------------------------------------------------------
    labels_max_image_bytes: int = Field(512 << 20, description="Largest NIfTI image accepted by createCase.")
    labels_max_mask_bytes: int = Field(64 << 20, description="Largest NIfTI mask file accepted by a save.")
    labels_max_voxels: int = Field(64 << 20, description="Most voxels in a case's volume (guards gzip bombs).")
    labels_affine_tolerance: float = Field(1e-3, description="Largest difference between mask and image affines.")
    labels_default_values: list[int] = Field([0, 1, 2, 3, 4, 5, 6, 7], description="Label values of new cases.")
    labels_url_ttl_seconds: int = Field(300, description="Lifetime of presigned artifact download URLs.")
    labels_idempotency_hours: int = Field(24, description="How long a save's idempotency key is remembered.")

    # --- worker ---------------------------------------------------------
    worker_processes: int = Field(1, description="Dramatiq worker processes started by `slipway worker`.")
    worker_threads: int = Field(4, description="Threads per worker process.")
    worker_broker_connections: int = Field(
        16, description="Postgres connections of a worker process's queue pool: two per queue it consumes, plus spare."
    )

    # --- assets and history --------------------------------------------
    history_max_range_days: float = Field(366, description="Widest range one history query may ask for.")
    history_auto_points: int = Field(2000, description="Most points per tag when a history query names no bucket.")
    history_max_points: int = Field(20000, description="Most points per tag a history query may ask for.")
    export_max_range_days: float = Field(366, description="Widest range one history export may cover.")
    export_part_bytes: int = Field(8 << 20, description="S3 multipart part size of exports (S3 needs >= 5 MiB).")
    export_url_ttl_seconds: int = Field(300, description="Lifetime of an export's presigned download URL.")
    export_queue: str = Field("exports", description="Dramatiq queue of export jobs (route them to own workers).")

    # --- model server (`slipway serve`) ---------------------------------
    serve_host: str = Field("127.0.0.1", description="Address the model server binds to.")
    serve_port: int = Field(8001, description="Port the model server binds to.")
    serve_url: str | None = Field(
        None, description="URL the worker and API reach the model server at; defaults to http://serve_host:serve_port."
    )
    serve_public_url: str | None = Field(
        None, description="Base of the endpoint URLs shown to users (an ingress in production); defaults to serve_url."
    )
    serve_max_request_bytes: int = Field(64 << 20, description="Largest /infer request body the model server reads.")
    serve_control_token: str | None = Field(
        None,
        description="Secret the worker sends to the model server's repository API. Unset: generated under data_dir/keys.",
    )
    serve_preload: str = Field(
        "", description="Comma-separated TENANT_UUID:VERSION_UUID pairs the model server loads at start (as --preload)."
    )
    serve_threads: int = Field(
        4, description="Threads running onnxruntime sessions, so inference never blocks the model server's event loop."
    )
    serve_intra_op_threads: int = Field(
        0, description="onnxruntime intra-op threads per session (0: onnxruntime's default, one per core)."
    )
    serve_use_gpu: bool = Field(
        True, description="Run models on onnxruntime's CUDA execution provider when it is available."
    )
    serve_inline_below_ms: float = Field(
        0.3, description="Requests of models that take less than this run on the event loop: a thread hop costs more."
    )
    serve_auth_cache_seconds: float = Field(
        30, description="How long the model server trusts a checked caller token before checking it again."
    )
    serve_max_shadow_pending: int = Field(
        64, description="Most shadow requests in flight; beyond it copies are dropped (and counted), never queued."
    )
    # -- Payload logging and drift (docs/monitoring.md).
    payload_queue_size: int = Field(
        10000,
        ge=1,
        description="Sampled requests the model server holds in memory for the payload log; past it new ones are "
        "dropped and counted (slipway_serve_payload_dropped_total), never waited for.",
    )
    payload_batch_size: int = Field(500, ge=1, description="Most payload log rows written in one COPY.")
    payload_flush_seconds: float = Field(
        0.5, gt=0, description="Longest a sampled request waits in memory before its batch is written."
    )
    payload_write_timeout_seconds: float = Field(
        5.0,
        gt=0,
        description="Deadline of one payload log batch write; a batch past it is dropped and counted, so a slow "
        "Postgres fills the queue instead of slowing inference.",
    )
    payload_targets_seconds: float = Field(
        10.0,
        gt=0,
        description="How often the model server re-reads which deployments log payloads and at what sampling rate.",
    )
    payload_retention_days: int = Field(
        14,
        ge=1,
        description="Days of payload logs kept: daily partitions older than this are dropped by the "
        "monitoring.partitions job.",
    )
    drift_interval_seconds: float = Field(
        300, ge=1, description="Period of the drift job: each run compares the latest window with the reference."
    )
    drift_window_seconds: float = Field(
        3600, ge=1, description="Length of the live traffic window each drift run compares with the reference."
    )
    drift_min_samples: int = Field(
        500, ge=1, description="Fewest logged values of a feature, live and reference each, a drift figure needs."
    )
    drift_max_samples: int = Field(
        20000, ge=100, description="Most logged requests read per window: newest first, the rest are not read."
    )
    monitoring_queue: str = Field(
        "default",
        description="Dramatiq queue of the drift and payload partition jobs (route drift, the CPU-heavy one, to "
        "workers of its own).",
    )
    model_server_connect_timeout_seconds: float = Field(
        5,
        gt=0,
        description="How long the worker and API wait for the model server to accept a connection "
        "(within model_server_timeout_seconds).",
    )
    model_server_timeout_seconds: float = Field(
        60,
        gt=0,
        description="Total deadline of one call from the worker or API to a model server (load, route, stats, "
        "inference); past it the call fails naming the model server and the job retries.",
    )

    # --- deployments ----------------------------------------------------
    runtime: Literal["local", "kubernetes"] = Field(
        "local", description="Where deployments run: `local` (the model server above) or `kubernetes`."
    )
    deploy_canary_steps: list[int] = Field(
        [10, 50, 100], description="Traffic percentages a CANARY rollout steps through when the request names none."
    )
    canary_step_seconds: float = Field(60, description="Least time a canary step runs before its check.")
    canary_step_max_seconds: float = Field(
        600, description="Longest a canary step waits for `canary_min_requests`; then it is checked on what came."
    )
    canary_min_requests: int = Field(50, description="Requests the canary should see in a step before its check.")
    canary_max_error_rate: float = Field(0.05, description="Highest share of failed canary requests that passes.")
    canary_max_p95_ratio: float = Field(
        2.0, description="Highest canary P95 latency, as a multiple of the stable version's P95 in the same step."
    )
    deploy_ready_timeout_seconds: float = Field(
        300, description="How long a new version may take to become ready before its deployment FAILS."
    )
    deploy_poll_seconds: float = Field(2, description="How often the rollout worker looks at a waiting rollout.")
    deploy_sweep_seconds: float = Field(
        30, description="Period of the sweep that resumes stuck rollouts and re-asserts LIVE routes on the runtime."
    )
    deploy_queue: str = Field("default", description="Dramatiq queue of rollout and scoring jobs.")
    scoring_window_seconds: int = Field(60, description="Width of one scoring window (asset history averaged per tag).")
    scoring_batch_windows: int = Field(64, description="Windows sent in one inference request during a scoring run.")
    scoring_max_windows: int = Field(20000, description="Most windows one scoring run may cover.")
    scoring_tolerance: float = Field(
        0.01, description="Outputs within this absolute (or relative, for large values) difference agree."
    )
    scoring_interval_minutes: float | None = Field(
        None,
        description="Score the last interval of every model with a shadow, on the asset of its latest "
        "scoring run. Unset: off.",
    )

    # --- kubernetes runtime ---------------------------------------------
    kubernetes_namespace: str = Field("slipway", description="Namespace the kubernetes runtime creates its objects in.")
    kubernetes_kserve: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Use KServe InferenceServices: `auto` when the inferenceservices.serving.kserve.io CRD exists, "
        "`always`, or `never` (plain Deployments and Services).",
    )
    kubernetes_image: str = Field(
        "slipway:0.1.0", description="Image of the plain-runtime model-server pods (the one the Dockerfile builds)."
    )
    kubernetes_image_pull_policy: str = Field("IfNotPresent", description="imagePullPolicy of model-server pods.")
    kubernetes_service_account: str | None = Field(
        None,
        description="Service account of model-server pods and InferenceService predictors; on KServe it carries "
        "the S3 credentials secret the storage initializer reads.",
    )
    kubernetes_env_configmap: str | None = Field(
        "slipway-config", description="ConfigMap of SLIPWAY_* settings given to plain-runtime model-server pods."
    )
    kubernetes_env_secret: str | None = Field(
        "slipway-serving",
        description="Secret given to plain-runtime model-server pods as env (database URL, S3 keys, control token).",
    )
    kubernetes_replicas: int = Field(
        1, ge=1, description="Pods per served version (plain runtime; KServe minReplicas)."
    )
    kubernetes_cpu_request: str = Field("500m", description="CPU request of a model-server pod.")
    kubernetes_memory_request: str = Field("1Gi", description="Memory request of a model-server pod.")
    kubernetes_cpu_limit: str = Field("2", description="CPU limit of a model-server pod.")
    kubernetes_memory_limit: str = Field("4Gi", description="Memory limit of a model-server pod.")
    kubernetes_gpu_resource: str = Field(
        "nvidia.com/gpu", description="Extended resource a GPU model version asks for (device plugin's name)."
    )
    kubernetes_gpu_count: int = Field(1, ge=1, description="GPUs per pod of a GPU model version.")
    kubernetes_gpu_all: bool = Field(
        False, description="Run every model version on the GPU pool, not only versions flagged as wanting a GPU."
    )
    kubernetes_gpu_node_selector: dict[str, str] = Field(
        {}, description='Node selector of GPU pods, JSON (e.g. {"pool": "gpu"}); CPU pods get none.'
    )
    kubernetes_gpu_tolerations: list[dict[str, str | int]] = Field(
        [],
        description='Tolerations of GPU pods, JSON (e.g. [{"key": "nvidia.com/gpu", "operator": "Exists", '
        '"effect": "NoSchedule"}]).',
    )
    kubernetes_kserve_runtime: str | None = Field(
        None, description="KServe ServingRuntime for ONNX over protocol v2. Unset: KServe picks one that supports it."
    )
    kubernetes_prometheus_url: str | None = Field(
        None,
        description="Prometheus that scrapes the model servers; canary checks on kubernetes read version stats from it "
        "and fail with a clear error while it is unset.",
    )
    kubernetes_promql_requests: str = Field(
        'sum(slipway_serve_requests_total{{tenant="{tenant}",version="{name}"}})',
        description="PromQL giving a version's request count; {tenant} (slug), {name} (served name `m-v3`), "
        "{namespace} are filled in.",
    )
    kubernetes_promql_errors: str = Field(
        'sum(slipway_serve_errors_total{{tenant="{tenant}",version="{name}"}})',
        description="PromQL giving a version's failed request count; same placeholders.",
    )
    kubernetes_promql_latency: str = Field(
        'sum by (le) (slipway_serve_request_seconds_bucket{{tenant="{tenant}",version="{name}"}})',
        description="PromQL giving a version's cumulative latency histogram buckets (one series per `le`).",
    )
    kubernetes_timeout_seconds: float = Field(30, description="Timeout of one Kubernetes or Prometheus API call.")

    # --- webhooks -------------------------------------------------------
    webhooks_max_attempts: int = Field(8, ge=1, description="HTTP attempts per webhook delivery before it is FAILED.")
    webhooks_backoff_seconds: float = Field(
        10, gt=0, description="Wait before the 2nd attempt; doubles after each failure (with jitter)."
    )
    webhooks_max_backoff_seconds: float = Field(3600, gt=0, description="Longest wait between two attempts.")
    webhooks_timeout_seconds: float = Field(
        10,
        gt=0,
        description="Total deadline of one attempt: connecting, sending and the receiver's whole answer; past it the "
        "attempt fails and is retried.",
    )
    webhooks_connect_timeout_seconds: float = Field(
        5, gt=0, description="How long opening a connection to a receiver may take (within webhooks_timeout_seconds)."
    )
    webhooks_queue: str = Field("webhooks", description="Dramatiq queue of webhook deliveries.")

    # --- logging --------------------------------------------------------
    log_level: str = Field("INFO", description="Root log level.")
    log_json: bool = Field(True, description="Structured JSON logs (false: plain text).")

    @property
    def embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def embedded_s3(self) -> bool:
        return self.s3_endpoint is None

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL in SQLAlchemy's asyncpg dialect."""
        return _with_scheme(self._require_database_url(), "postgresql+asyncpg")

    @property
    def libpq_url(self) -> str:
        """The database URL as libpq (psycopg, asyncpg, psql) spells it."""
        return _with_scheme(self._require_database_url(), "postgresql")

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.api_host}:{self.api_port}"

    @property
    def model_server_url(self) -> str:
        """Where the worker and API reach the model server."""
        return (self.serve_url or f"http://{self.serve_host}:{self.serve_port}").rstrip("/")

    @property
    def model_server_public_url(self) -> str:
        """The base of endpoint URLs handed to users."""
        return (self.serve_public_url or self.model_server_url).rstrip("/")

    def _require_database_url(self) -> str:
        if self.database_url is None:
            raise RuntimeError(
                "SLIPWAY_DATABASE_URL is not set: start the embedded servers with `slipway up`, "
                "or point SLIPWAY_DATABASE_URL at a Postgres."
            )
        return self.database_url


def _with_scheme(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((scheme, *parts[1:]))


settings = Settings()
