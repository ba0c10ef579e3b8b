"""GraphQL types of provenance: a version's lineage graph (a field of ModelVersion) and its dossier."""

from __future__ import annotations

import enum

import strawberry
from strawberry.scalars import JSON

from backend.provenance import graph
from backend.registry.models import ModelVersion


@strawberry.enum(description="What a node of a lineage graph is.")
class LineageKind(enum.Enum):
    ASSET = "ASSET"
    EXPORT = "EXPORT"
    LABEL_SET = "LABEL_SET"
    VERSION = "VERSION"
    DEPLOYMENT = "DEPLOYMENT"
    SCORING_RUN = "SCORING_RUN"


@strawberry.type(description="One thing in a version's lineage.")
class LineageNode:
    id: strawberry.ID = strawberry.field(description="The row's global ID.")
    kind: LineageKind
    label: str
    detail: str
    href: str | None = strawberry.field(description="The web app's page for it.")


@strawberry.type(description="`source` fed or led to `target` (an export into a version, a version into a deployment).")
class LineageEdge:
    source: strawberry.ID
    target: strawberry.ID


@strawberry.type(description="Assets → exports and label sets → the version → deployments and scoring runs.")
class LineageGraph:
    nodes: list[LineageNode]
    edges: list[LineageEdge]

    @classmethod
    def of(cls, found: graph.Graph) -> LineageGraph:
        return cls(
            nodes=[
                LineageNode(
                    id=strawberry.ID(n.id), kind=LineageKind(n.kind), label=n.label, detail=n.detail, href=n.href
                )
                for n in found.nodes
            ],
            edges=[LineageEdge(source=strawberry.ID(e.source), target=strawberry.ID(e.target)) for e in found.edges],
        )


@strawberry.type(
    description="A version's dossier: card, validation report, approvals, lineage, serving intervals and audit rows "
    "(with the fields each hash covers), signed. Save `document` to a file and check it offline with "
    "examples/verify_dossier.py."
)
class Dossier:
    document: JSON = strawberry.field(description="{content, digest, signature, publicKey}")
    digest: str = strawberry.field(description="sha256 of the canonical JSON of `document.content`.")


@strawberry.type
class VersionProvenanceFields:
    """ModelVersion's provenance fields, composed into the schema's type in backend/api/types.py."""

    row: strawberry.Private[ModelVersion]

    @strawberry.field(description="What the version was trained on and where it went since, as a graph.")
    async def lineage(self, info: strawberry.Info) -> LineageGraph:
        ctx = info.context
        return LineageGraph.of(await graph.of_version(ctx.session, ctx.viewer, self.row))
