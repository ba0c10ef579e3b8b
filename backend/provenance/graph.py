"""A version's lineage as a graph: assets → exports, label sets → the version → deployments → scoring runs.

Each node says what it is and where the web app shows it, so the version page can draw the graph and link
every node. Read-only, gathered from the areas that own each kind of row (this area is downstream of all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assets import exports_repository
from backend.assets import repository as assets
from backend.deployments import repository as deployments
from backend.identity.roles import Principal
from backend.kit import ids
from backend.labels import label_set_repository
from backend.registry import lineage
from backend.registry import service as registry
from backend.registry.models import ModelVersion
from backend.scoring import repository as scoring

# The graph shows the newest of these; a version scored every hour would otherwise draw thousands of nodes.
MAX_SCORING_RUNS = 20


@dataclass(frozen=True)
class Node:
    id: str  # the row's global ID
    kind: str  # ASSET, EXPORT, LABEL_SET, VERSION, DEPLOYMENT, SCORING_RUN
    label: str
    detail: str
    href: str | None  # the web app's page for it


@dataclass(frozen=True)
class Edge:
    source: str
    target: str


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]


async def of_version(session: AsyncSession, principal: Principal, version: ModelVersion) -> Graph:
    model = await registry.get_model(session, principal, version.model_id)
    me = Node(
        ids.encode("ModelVersion", version.id),
        "VERSION",
        f"{model.name} v{version.version}",
        f"{version.status}, sha256 {version.sha256[:12]}…",
        f"/models/versions/{ids.encode('ModelVersion', version.id)}",
    )
    nodes, edges = [me], []
    inputs = await lineage.inputs_of(session, [version.id])
    export_ids = [i.export_id for i in inputs if i.export_id is not None]
    exports = [e for e in [await exports_repository.get(session, x) for x in export_ids] if e is not None]
    found_assets = await assets.get_assets(session, list({e.asset_id for e in exports}))
    for asset in found_assets.values():
        nodes.append(
            Node(
                ids.encode("Asset", asset.id), "ASSET", asset.name, "asset", f"/assets/{ids.encode('Asset', asset.id)}"
            )
        )
    for export in exports:
        node = Node(
            ids.encode("HistoryExport", export.id),
            "EXPORT",
            f"{export.from_ts:%Y-%m-%d %H:%M} UTC, {_span(export.to_ts - export.from_ts)}",
            f"{export.row_count or 0:,} rows, sha256 {(export.sha256 or '')[:12]}…",
            "/exports",
        )
        nodes.append(node)
        edges += [Edge(ids.encode("Asset", export.asset_id), node.id), Edge(node.id, me.id)]
    sets = await label_set_repository.by_ids(session, [i.label_set_id for i in inputs if i.label_set_id is not None])
    for label_set in sets.values():
        node = Node(
            ids.encode("LabelSet", label_set.id),
            "LABEL_SET",
            label_set.name,
            f"{label_set.case_count:,} cases, sha256 {label_set.sha256[:12]}…",
            "/labeling",
        )
        nodes.append(node)
        edges.append(Edge(node.id, me.id))
    for deployment in await deployments.of_versions(session, [version.id]):
        node = Node(
            ids.encode("Deployment", deployment.id),
            "DEPLOYMENT",
            f"{deployment.environment.title()} ({deployment.strategy.replace('_', '-').lower()})",
            f"{deployment.status}, {deployment.created_at:%Y-%m-%d %H:%M} UTC",
            f"/deployments/{ids.encode('Deployment', deployment.id)}",
        )
        nodes.append(node)
        edges.append(Edge(me.id, node.id))
    for run in await scoring.runs_of_version(session, version.id, limit=MAX_SCORING_RUNS):
        role = "production" if run.production_version_id == version.id else "shadow"
        node = Node(
            ids.encode("ScoringRun", run.id),
            "SCORING_RUN",
            f"Scoring run {run.created_at:%Y-%m-%d %H:%M} UTC",
            f"{run.status}, as {role}",
            f"/models/{ids.encode('Model', version.model_id)}/shadow",
        )
        nodes.append(node)
        edges.append(Edge(me.id, node.id))
    return Graph(nodes, edges)


def _span(length: timedelta) -> str:
    """`90 min`, `6 h`, `7 d`: how much history an export covers, short enough for a node."""
    minutes = length.total_seconds() / 60
    if minutes < 120:
        return f"{minutes:.0f} min"
    return f"{minutes / 60:.0f} h" if minutes < 48 * 60 else f"{minutes / 1440:.0f} d"
