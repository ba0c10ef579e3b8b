"""GraphQL entry points of the labels area: translate, call the service, map nothing else."""

from __future__ import annotations

import strawberry


@strawberry.type
class LabelsQuery:
    pass


@strawberry.type
class LabelsMutation:
    pass


@strawberry.type
class LabelsSubscription:
    pass
