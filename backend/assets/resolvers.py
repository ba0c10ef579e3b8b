"""GraphQL entry points of the assets area: translate, call the service, map nothing else."""

from __future__ import annotations

import strawberry


@strawberry.type
class AssetsQuery:
    pass


@strawberry.type
class AssetsMutation:
    pass


@strawberry.type
class AssetsSubscription:
    pass
