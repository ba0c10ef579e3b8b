"""GraphQL types of monitoring: the report (drift per feature, traffic per version), thresholds and alerts."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.kit import ids
from backend.monitoring import report as reports
from backend.monitoring.drift import Thresholds
from backend.monitoring.models import DeploymentMonitoring, DriftAlert, DriftResult
from backend.monitoring.reference import Reference


@strawberry.enum(description="Whether a monitored feature is one of the model's inputs or outputs.")
class FeatureKind(enum.Enum):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"


@strawberry.enum(description="NUMERIC features get PSI and Kolmogorov–Smirnov, CATEGORICAL ones PSI and chi-square.")
class FeatureType(enum.Enum):
    NUMERIC = "NUMERIC"
    CATEGORICAL = "CATEGORICAL"


@strawberry.enum(description="OPEN while the feature is past its threshold; CLOSED once a window is back under it.")
class AlertStatus(enum.Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


@strawberry.type(description="When a feature counts as drifted (docs/monitoring.md).")
class DriftThresholds:
    psi: float
    ks_statistic: float = strawberry.field(description="KS's D, counted only with a p-value under `pValue`.")
    p_value: float = strawberry.field(description="Significance level of the KS and chi-square tests.")

    @classmethod
    def of(cls, found: Thresholds) -> DriftThresholds:
        return cls(psi=found.psi, ks_statistic=found.ks_statistic, p_value=found.p_value)


@strawberry.enum(
    description="What live traffic is compared with: a LIVE_WINDOW the user chose (it wins), the deployed "
    "version's TRAINING_EXPORTS (inputs only), or NONE (no drift is computed)."
)
class DriftReferenceKind(enum.Enum):
    LIVE_WINDOW = "LIVE_WINDOW"
    TRAINING_EXPORTS = "TRAINING_EXPORTS"
    NONE = "NONE"


@strawberry.type(description="A history export a deployed version was trained on, used as the drift reference.")
class TrainingExportReference:
    export_id: strawberry.ID
    row_count: int | None
    sha256: str | None
    from_: datetime = strawberry.field(name="from")
    to: datetime


@strawberry.type(description="What the drift job compares this deployment's live traffic with, now.")
class DriftReference:
    kind: DriftReferenceKind
    description: str = strawberry.field(
        description='Which reference, e.g. "training export <id>, 1440 rows, sha256 …" or "live window from … to …".'
    )
    live_from: datetime | None = strawberry.field(description="Start of the live window (LIVE_WINDOW only).")
    live_to: datetime | None
    exports: list[TrainingExportReference]
    outputs_compared: bool = strawberry.field(
        description="False for training exports: they hold the inputs only, so outputs get no drift figures."
    )
    note: str | None = strawberry.field(description="What the reference leaves out, or how to get one (NONE).")

    @classmethod
    def of(cls, found: Reference) -> DriftReference:
        return cls(
            kind=DriftReferenceKind(found.kind),
            description=found.description,
            live_from=found.start,
            live_to=found.end,
            exports=[
                TrainingExportReference(
                    export_id=strawberry.ID(ids.encode("HistoryExport", e.id)),
                    row_count=e.row_count,
                    sha256=e.sha256,
                    from_=e.from_ts,
                    to=e.to_ts,
                )
                for e in found.exports
            ],
            outputs_compared=found.compares_outputs,
            note=found.note,
        )


@strawberry.type(description="A deployment's payload logging and the reference its live traffic is compared with.")
class PayloadLogging:
    sample_percent: float = strawberry.field(description="Share of the deployment's requests logged, 0 to 100.")
    reference_from: datetime | None
    reference_to: datetime | None
    deployment_id: strawberry.ID

    @classmethod
    def from_row(cls, row: DeploymentMonitoring) -> PayloadLogging:
        return cls(
            sample_percent=row.sample_percent,
            reference_from=row.reference_from,
            reference_to=row.reference_to,
            deployment_id=strawberry.ID(ids.encode("Deployment", row.deployment_id)),
        )


@strawberry.type(description="One window of live traffic compared with the reference.")
class DriftPoint:
    at: datetime = strawberry.field(description="End of the live window.")
    window_from: datetime
    psi: float
    ks_statistic: float | None
    ks_p_value: float | None
    chi_square: float | None
    chi_square_p_value: float | None
    drifted: bool
    live_count: int
    reference_count: int

    @classmethod
    def from_row(cls, row: DriftResult) -> DriftPoint:
        return cls(
            at=row.window_to,
            window_from=row.window_from,
            psi=row.psi,
            ks_statistic=row.ks_statistic,
            ks_p_value=row.ks_p_value,
            chi_square=row.chi_square,
            chi_square_p_value=row.chi_square_p_value,
            drifted=row.drifted,
            live_count=row.live_count,
            reference_count=row.reference_count,
        )


@strawberry.type(description="Live and reference counts over the same bins (the latest window).")
class FeatureHistogram:
    edges: list[float] | None = strawberry.field(description="NUMERIC: bin edges (the reference's deciles).")
    categories: list[str] | None = strawberry.field(description="CATEGORICAL: the categories, `(other)` last.")
    live: list[int]
    reference: list[int]


@strawberry.type(description="A feature's drift over the report's range.")
class FeatureDrift:
    name: str
    kind: FeatureKind
    feature_type: FeatureType
    points: list[DriftPoint]
    histogram: FeatureHistogram | None

    @classmethod
    def of(cls, found: reports.FeatureSeries) -> FeatureDrift:
        latest = found.points[-1].histogram if found.points else None
        histogram = None
        if latest is not None:
            numeric = found.feature_type == "NUMERIC"
            histogram = FeatureHistogram(
                edges=[float(b) for b in latest["bins"]] if numeric else None,
                categories=None if numeric else [str(b) for b in latest["bins"]],
                live=list(latest["live"]),
                reference=list(latest["reference"]),
            )
        return cls(
            name=found.feature,
            kind=FeatureKind(found.kind),
            feature_type=FeatureType(found.feature_type),
            points=[DriftPoint.from_row(p) for p in found.points],
            histogram=histogram,
        )


@strawberry.type(description="Logged requests of one version in one time bucket.")
class TrafficPoint:
    at: datetime
    requests: int
    errors: int
    error_rate: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None


@strawberry.type(description="Latency and error rate of one version, from its logged (sampled) requests.")
class VersionTraffic:
    version: str = strawberry.field(description="The served name, `{model}-v{N}`.")
    requests: int
    errors: int
    error_rate: float
    points: list[TrafficPoint]

    @classmethod
    def of(cls, found: reports.VersionTraffic) -> VersionTraffic:
        requests = sum(p.requests for p in found.points)
        errors = sum(p.errors for p in found.points)
        return cls(
            version=found.version,
            requests=requests,
            errors=errors,
            error_rate=errors / requests if requests else 0.0,
            points=[
                TrafficPoint(
                    at=p.at,
                    requests=p.requests,
                    errors=p.errors,
                    error_rate=p.errors / p.requests if p.requests else 0.0,
                    latency_p50_ms=p.latency_p50_ms,
                    latency_p95_ms=p.latency_p95_ms,
                )
                for p in found.points
            ],
        )


@strawberry.type(description="What is watched of a deployment and what it showed over a range.")
class MonitoringReport:
    deployment_id: strawberry.ID
    logging: PayloadLogging | None = strawberry.field(description="Null until payload logging is set up.")
    thresholds: DriftThresholds
    features: list[FeatureDrift]
    versions: list[VersionTraffic]
    reference: DriftReference
    viewer_can_configure: bool = strawberry.field(
        description="Whether you may set this deployment's payload logging and drift reference."
    )

    @classmethod
    def of(cls, found: reports.Report) -> MonitoringReport:
        return cls(
            deployment_id=strawberry.ID(ids.encode("Deployment", found.deployment_id)),
            logging=PayloadLogging.from_row(found.monitoring) if found.monitoring is not None else None,
            thresholds=DriftThresholds.of(found.thresholds),
            features=[FeatureDrift.of(f) for f in found.features],
            versions=[VersionTraffic.of(v) for v in found.versions],
            reference=DriftReference.of(found.reference),
            viewer_can_configure=found.viewer_can_configure,
        )


@strawberry.type(name="Alert", description="A feature of a deployment past its drift threshold.")
class AlertNode:
    id: strawberry.ID
    deployment_id: strawberry.ID
    model_id: strawberry.ID
    feature: str
    kind: FeatureKind
    status: AlertStatus
    metric: str = strawberry.field(description="The test that crossed: PSI, KS or CHI_SQUARE.")
    value: float = strawberry.field(description="Its figure when the alert opened (a p-value for CHI_SQUARE).")
    threshold: float
    created_at: datetime
    closed_at: datetime | None
    acknowledged_at: datetime | None
    row: strawberry.Private[DriftAlert]

    @classmethod
    def from_row(cls, row: DriftAlert) -> AlertNode:
        return cls(
            id=strawberry.ID(ids.encode("Alert", row.id)),
            deployment_id=strawberry.ID(ids.encode("Deployment", row.deployment_id)),
            model_id=strawberry.ID(ids.encode("Model", row.model_id)),
            feature=row.feature,
            kind=FeatureKind(row.kind),
            status=AlertStatus(row.status),
            metric=row.metric,
            value=row.value,
            threshold=row.threshold,
            created_at=row.created_at,
            closed_at=row.closed_at,
            acknowledged_at=row.acknowledged_at,
            row=row,
        )

    @strawberry.field(description="Whether you may acknowledge it now.")
    def viewer_can_acknowledge(self, info: strawberry.Info) -> bool:
        from backend.identity.roles import Permission

        return self.row.acknowledged_at is None and info.context.viewer.can(Permission.SET_STAGE)
