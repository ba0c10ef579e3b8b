"""GraphQL entry points of the registry area: translate, call the service, map nothing else."""

from __future__ import annotations

import strawberry


@strawberry.type
class RegistryQuery:
    pass


@strawberry.type
class RegistryMutation:
    pass


@strawberry.type
class RegistrySubscription:
    pass
