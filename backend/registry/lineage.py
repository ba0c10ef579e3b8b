"""Lineage: the history exports and label sets a model version was trained on.

Both are immutable (an export's query, row count and file sha256; a label set's frozen labels and
sha256), so naming them says exactly what the version learned from. They are named at upload
(`uploadModelVersion(trainedOn:)`) or afterwards with `setTrainingData`, until the version is submitted
for approval: from then on the lineage is part of what was reviewed and stays as it is. Foreign keys keep
a named export or label set from being deleted while the version exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import export_service
from backend.assets.models import HistoryExport
from backend.audit import service as audit
from backend.identity.roles import Permission, Principal
from backend.kit.errors import BadInput, Conflict
from backend.labels import label_sets
from backend.labels.models import LabelSet
from backend.registry import lineage_repository as repository
from backend.registry.lifecycle import VersionStatus
from backend.registry.models import ModelVersion, ModelVersionInput

MAX_INPUTS = 50
# Once submitted, the lineage is part of what the reviewers saw.
FROZEN = {VersionStatus.PENDING_APPROVAL.value, VersionStatus.APPROVED.value, VersionStatus.REJECTED.value}


@dataclass(frozen=True)
class TrainingData:
    export_ids: list[uuid.UUID] = field(default_factory=list)
    label_set_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class CheckedTrainingData:
    exports: list[HistoryExport]
    label_sets: list[LabelSet]


async def check(session: AsyncSession, principal: Principal, data: TrainingData) -> CheckedTrainingData:
    """The exports (SUCCEEDED, the caller may read them) and label sets named, or a coded error saying which."""
    export_ids = list(dict.fromkeys(data.export_ids))
    set_ids = list(dict.fromkeys(data.label_set_ids))
    if len(export_ids) + len(set_ids) > MAX_INPUTS:
        raise BadInput(f"A version names at most {MAX_INPUTS} exports and label sets together.", field="trainedOn")
    exports = [await export_service.get_export(session, principal, e) for e in export_ids]
    unfinished = [e for e in exports if e.status != "SUCCEEDED" or e.sha256 is None]
    if unfinished:
        raise Conflict(
            f"Export {unfinished[0].id} is {unfinished[0].status}; name an export once it SUCCEEDED "
            "(its rows and sha256 are what the version records).",
            currentStatus=unfinished[0].status,
        )
    sets = [await label_sets.get(session, principal, s) for s in set_ids]
    return CheckedTrainingData(exports=exports, label_sets=sets)


async def record(
    session: AsyncSession, principal: Principal, version: ModelVersion, checked: CheckedTrainingData
) -> None:
    """Set what `version` was trained on (replacing what it named before), audited with each input's hash."""
    principal.require(Permission.MANAGE_MODELS)
    if version.status in FROZEN:
        raise Conflict(
            f"Version {version.version} is {version.status}; its training data was part of the review. "
            "Upload a new version to name other data.",
            currentStatus=version.status,
        )
    await repository.replace(
        session,
        version.tenant_id,
        version.id,
        export_ids=[e.id for e in checked.exports],
        label_set_ids=[s.id for s in checked.label_sets],
    )
    await audit.record(
        session,
        tenant_id=principal.tenant_id,
        actor=principal,
        action="model.training_data_recorded",
        target_type="ModelVersion",
        target_id=str(version.id),
        details={
            "version": version.version,
            "exports": [{"id": str(e.id), "rows": e.row_count, "sha256": e.sha256} for e in checked.exports],
            "labelSets": [{"id": str(s.id), "name": s.name, "sha256": s.sha256} for s in checked.label_sets],
        },
    )


async def inputs_of(session: AsyncSession, version_ids: list[uuid.UUID]) -> list[ModelVersionInput]:
    return await repository.of_versions(session, version_ids)
