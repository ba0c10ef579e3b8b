"""Traffic routes in the model server: an environment's endpoint (`{model}-{environment}`) split over loaded versions by weight.

A route is an immutable value; put() replaces it in one assignment on the event loop, so a request
sees either the old split or the new one, never half of each.
"""

from __future__ import annotations

import bisect
import random
import uuid
from dataclasses import dataclass

from backend.serving.errors import BadRequest


@dataclass(frozen=True)
class RouteEntry:
    name: str
    targets: tuple[tuple[str, int], ...]
    shadows: tuple[str, ...]
    _cumulative: tuple[int, ...]
    _roles: tuple[str, ...]

    @classmethod
    def build(cls, name: str, targets: list[tuple[str, int]], shadows: list[str]) -> RouteEntry:
        cumulative, total = [], 0
        for _, weight in targets:
            total += weight
            cumulative.append(total)
        primary = max(range(len(targets)), key=lambda i: targets[i][1])  # first of the largest weights
        roles = tuple("primary" if i == primary else "canary" for i in range(len(targets)))
        return cls(name, tuple(targets), tuple(shadows), tuple(cumulative), roles)

    def pick(self) -> tuple[str, str]:
        """(served name, role) of the target answering this request, drawn by weight."""
        if len(self.targets) == 1:
            return self.targets[0][0], self._roles[0]
        index = bisect.bisect_right(self._cumulative, random.random() * 100)
        index = min(index, len(self.targets) - 1)
        while self.targets[index][1] == 0:  # a 0% target never answers (bisect may land on it at the edges)
            index = (index + 1) % len(self.targets)
        return self.targets[index][0], self._roles[index]

    def target_of_version(self, version: str) -> tuple[str, str] | None:
        for (name, _), role in zip(self.targets, self._roles, strict=True):
            if name.rsplit("-v", 1)[-1] == version:
                return name, role
        return None

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "targets": [{"model": m, "weight": w} for m, w in self.targets],
            "shadows": list(self.shadows),
        }


def parse_route(name: str, body: object) -> RouteEntry:
    """The body of PUT /v2/repository/routes/{name}, checked: weights are integers adding to 100."""
    if not isinstance(body, dict) or not isinstance(body.get("targets"), list) or not body["targets"]:
        raise BadRequest('Send {"targets": [{"model": "m-v3", "weight": 100}], "shadows": []}.')
    targets = []
    for target in body["targets"]:
        model = target.get("model") if isinstance(target, dict) else None
        weight = target.get("weight") if isinstance(target, dict) else None
        if not isinstance(model, str) or not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise BadRequest(f'Route target {target!r} needs a "model" name and a non-negative integer "weight".')
        targets.append((model, weight))
    if sum(w for _, w in targets) != 100:
        raise BadRequest(f"The weights of route {name} add up to {sum(w for _, w in targets)}; they must add to 100.")
    if len({m for m, _ in targets}) != len(targets):
        raise BadRequest(f"Route {name} names a target twice; give each version one weight.")
    shadows = body.get("shadows") or []
    if not isinstance(shadows, list) or not all(isinstance(s, str) for s in shadows):
        raise BadRequest('"shadows" must be a list of served names.')
    return RouteEntry.build(name, targets, shadows)


class RouteTable:
    def __init__(self) -> None:
        self._routes: dict[tuple[uuid.UUID, str], RouteEntry] = {}

    def get(self, tenant_id: uuid.UUID, name: str) -> RouteEntry | None:
        return self._routes.get((tenant_id, name))

    def put(self, tenant_id: uuid.UUID, route: RouteEntry) -> None:
        self._routes[(tenant_id, route.name)] = route

    def delete(self, tenant_id: uuid.UUID, name: str) -> bool:
        return self._routes.pop((tenant_id, name), None) is not None

    def of_tenant(self, tenant_id: uuid.UUID) -> list[RouteEntry]:
        return [
            route for (tenant, _), route in sorted(self._routes.items(), key=lambda i: i[0][1]) if tenant == tenant_id
        ]

    def using(self, tenant_id: uuid.UUID, model: str) -> list[str]:
        """Names of the routes that send traffic (or shadow copies) to `model`."""
        return [
            route.name
            for route in self.of_tenant(tenant_id)
            if model in route.shadows or any(m == model for m, _ in route.targets)
        ]
