"""What a deployment's live traffic is compared with, and the reference values themselves.

In order of precedence:
1. a live window the user chose (`setDriftReference`): the route's logged traffic in [from, to), inputs and
   outputs alike;
2. the history exports the deployed version records as its training data (lineage): each export's tags,
   averaged per scoring window in tag-name order (scoring.windows, the convention scoring runs feed
   versions with), are the version's input features `x[0]`, `x[1]`, ... Outputs have no training
   reference: an export holds what the model read, not what it answered;
3. none: no drift is computed, and the report says how to get a reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import exports_repository
from backend.assets import repository as assets
from backend.assets.models import HistoryExport
from backend.deployments.models import Deployment
from backend.kit import ids
from backend.kit.errors import BadInput
from backend.monitoring.features import column_names
from backend.monitoring.models import DeploymentMonitoring
from backend.registry import lineage
from backend.registry import repository as registry
from backend.scoring.service import signature
from backend.scoring.windows import window_rows

LIVE_WINDOW = "LIVE_WINDOW"
TRAINING_EXPORTS = "TRAINING_EXPORTS"
NONE = "NONE"

HOW_TO_GET_ONE = (
    "Record what the version was trained on (`trainedOn` at upload, or `setTrainingData` before it is "
    "submitted), or choose a window of logged traffic with `setDriftReference`."
)
OUTPUTS_NOT_COMPARED = (
    "Outputs are not compared: a training export holds the model's inputs, not its answers. "
    "Choose a live window with `setDriftReference` to watch the outputs too."
)


@dataclass(frozen=True)
class Reference:
    kind: str  # LIVE_WINDOW | TRAINING_EXPORTS | NONE
    description: str  # which reference, in a sentence (the report shows it)
    start: datetime | None = None  # of a live window
    end: datetime | None = None
    exports: tuple[HistoryExport, ...] = ()
    input_names: tuple[str, ...] = ()  # the input features an export's tags map to, in tag-name order

    @property
    def compares_outputs(self) -> bool:
        return self.kind == LIVE_WINDOW

    @property
    def note(self) -> str | None:
        """What the reference leaves out, or how to get one."""
        if self.kind == TRAINING_EXPORTS:
            return OUTPUTS_NOT_COMPARED
        if self.kind == NONE:
            return HOW_TO_GET_ONE
        return None


def describe_export(export: HistoryExport) -> str:
    return f"training export {ids.encode('HistoryExport', export.id)}, {export.row_count} rows, sha256 {export.sha256}"


async def reference_of(
    session: AsyncSession, monitoring: DeploymentMonitoring | None, deployment: Deployment
) -> Reference:
    if monitoring is not None and monitoring.reference_from is not None and monitoring.reference_to is not None:
        start, end = monitoring.reference_from, monitoring.reference_to
        return Reference(
            LIVE_WINDOW, f"live window from {start.isoformat()} to {end.isoformat()}", start=start, end=end
        )
    version = (await registry.versions_by_ids(session, [deployment.version_id]))[deployment.version_id]
    export_ids = [i.export_id for i in await lineage.inputs_of(session, [version.id]) if i.export_id is not None]
    if not export_ids:
        return Reference(
            NONE, f"No reference: version {version.version} records no training export and no live window is chosen."
        )
    exports = [e for e in [await exports_repository.get(session, i) for i in export_ids] if e is not None]
    exports.sort(key=lambda e: (e.created_at, e.id))
    try:
        sig = signature(version)
    except BadInput as exc:
        return Reference(
            NONE,
            f"No reference: version {version.version}'s training exports cannot be read as its inputs ({exc.message})",
            exports=tuple(exports),
        )
    for export in exports:
        if len(export.tag_ids) != sig.width:
            return Reference(
                NONE,
                f"No reference: training export {ids.encode('HistoryExport', export.id)} holds "
                f"{len(export.tag_ids)} tags, and version {version.version} takes {sig.width} input features.",
                exports=tuple(exports),
            )
    return Reference(
        TRAINING_EXPORTS,
        "; ".join(describe_export(e) for e in exports),
        exports=tuple(exports),
        input_names=column_names(sig.name, sig.width),
    )


async def training_columns(
    session: AsyncSession, reference: Reference, *, window_seconds: int, limit: int
) -> dict[str, list[float]]:
    """{input feature: reference values} of a TRAINING_EXPORTS reference: every export's window rows,
    thinned evenly to at most `limit` rows so the whole training range keeps its weight."""
    parts = []
    for export in reference.exports:
        tags = list((await assets.get_tags_by_id(session, list(export.tag_ids))).values())
        if len(tags) != len(reference.input_names):
            continue  # a tag deleted since the export: its columns no longer line up with the inputs
        _, rows, _ = await window_rows(session, tags, export.from_ts, export.to_ts, window_seconds)
        parts.append(rows)
    matrix = np.concatenate(parts) if parts else np.empty((0, len(reference.input_names)))
    if len(matrix) > limit:
        matrix = matrix[np.linspace(0, len(matrix) - 1, limit).round().astype(int)]
    return {name: matrix[:, j].tolist() for j, name in enumerate(reference.input_names)}
