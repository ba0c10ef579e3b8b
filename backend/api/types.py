"""The GraphQL types that gather fields from several areas, composed here as Query is in schema.py.

Areas depend one way (identity → audit → assets → registry → labels → deployments → webhooks), but the
schema's ModelVersion and Model show fields of the registry and of deployments, downstream of it. So each
area contributes a mixin (`ModelVersionFields` in the registry, `VersionDeploymentFields` in deployments,
…) and only this module, which may import every area, puts them together under the schema's names.

Whatever returns one of these types, in any area, returns the class defined here: the registry's
`version_node(row)` / `model_node(row)` build it (`from_row` is inherited from the registry's mixin), and
the `ModelVersionRef` / `ModelRef` annotations name it through `strawberry.lazy("backend.api.types")`, so
upstream code reaches it only when the schema is built or a resolver runs, never by importing downstream.
The registry's mixin comes first: it holds the data fields, and the schema's field order follows the bases.
"""

from __future__ import annotations

import strawberry

from backend.deployments.types import ModelDeploymentFields, VersionDeploymentFields
from backend.governance.types import VersionGovernanceFields
from backend.provenance.types import VersionProvenanceFields
from backend.registry.types import ModelFields, ModelVersionFields


@strawberry.type(name="ModelVersion", description="One uploaded file of a registered model.")
class ModelVersionNode(ModelVersionFields, VersionDeploymentFields, VersionGovernanceFields, VersionProvenanceFields):
    pass


@strawberry.type(name="Model", description="A registered model: a name, and its numbered versions.")
class ModelNode(ModelFields, ModelDeploymentFields):
    pass
