"""GraphQL entry points of the deployments area (filled in by its issue)."""

from __future__ import annotations

import strawberry


@strawberry.type
class DeploymentsQuery:
    pass


@strawberry.type
class DeploymentsMutation:
    pass


@strawberry.type
class DeploymentsSubscription:
    pass
