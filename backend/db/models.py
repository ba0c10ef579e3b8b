"""Every ORM model, imported in one place so Alembic and the mappers see them all."""

from backend.assets.models import Asset, Event, HistoryExport, Tag
from backend.audit.models import AuditEntry, AuditHead
from backend.db.base import Base
from backend.deployments.models import Deployment, DeploymentEvent, VersionStage
from backend.diagnostics.models import Ping
from backend.governance.models import SecurityFinding
from backend.identity.models import Tenant, User
from backend.labels.models import Case, IdempotencyKey, Label
from backend.monitoring.models import DeploymentMonitoring, DriftAlert, DriftResult, ModelDriftThresholds
from backend.registry.models import ApprovalDecision, ApprovalRequest, ModelVersion, PromotionPolicy, RegisteredModel
from backend.scoring.models import ProductionPrediction, ScoringRun, ShadowPrediction
from backend.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

__all__ = [
    "Asset",
    "Event",
    "HistoryExport",
    "Tag",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Ping",
    "Tenant",
    "User",
    "Case",
    "IdempotencyKey",
    "Label",
    "DeploymentMonitoring",
    "DriftAlert",
    "DriftResult",
    "ModelDriftThresholds",
    "ApprovalDecision",
    "ApprovalRequest",
    "PromotionPolicy",
    "SecurityFinding",
    "ModelVersion",
    "RegisteredModel",
    "Deployment",
    "DeploymentEvent",
    "ProductionPrediction",
    "ScoringRun",
    "ShadowPrediction",
    "VersionStage",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
]
