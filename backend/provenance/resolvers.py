"""GraphQL entry points of provenance: a version's signed dossier."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from backend.kit import ids
from backend.provenance import dossier
from backend.provenance.types import Dossier
from backend.registry import service as registry


@strawberry.type
class ProvenanceQuery:
    @strawberry.field(
        description="Everything an auditor needs about a version as one signed JSON document (admins). "
        "Check it offline with examples/verify_dossier.py."
    )
    async def version_dossier(self, info: strawberry.Info, version_id: strawberry.ID) -> Dossier:
        ctx = info.context
        version = await registry.get_version(ctx.session, ctx.viewer, ids.decode("ModelVersion", version_id))
        document = await dossier.build(ctx.session, ctx.viewer, version, ctx.state.issuer.key)
        return Dossier(document=JSON(document), digest=document["digest"])
