"""A status machine: the moves a row's status may make, and a CONFLICT naming the current state otherwise."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

from backend.kit.errors import Conflict

S = TypeVar("S", bound=enum.StrEnum)


@dataclass(frozen=True)
class StatusMachine(Generic[S]):
    states: type[S]
    allowed: dict[S, frozenset[S]]
    hints: dict[S, str]  # what a person can do about a row in this state, for the CONFLICT message
    final: frozenset[S]
    label: str  # how the message names the row: "This deployment"

    def __post_init__(self) -> None:
        # A status added to the enum but not here would surface as a KeyError in a request, not at import.
        missing = [s.value for s in self.states if s not in self.allowed or s not in self.hints]
        if missing:
            raise ValueError(f"{self.states.__name__} has no moves or hint for {missing}")

    def check(self, current: str | S, target: S, *, label: str | None = None) -> None:
        """Raise Conflict unless `current` may move to `target`."""
        state = self.states(current)
        if target not in self.allowed[state]:
            raise Conflict(
                f"{label or self.label} is {state.value}, so it cannot become {target.value}: {self.hints[state]}.",
                currentStatus=state.value,
            )

    def transition(self, row: object, target: S, *, label: str | None = None) -> None:
        """Move `row` (anything with a `status`) to `target`, or raise Conflict."""
        self.check(row.status, target, label=label)  # type: ignore[attr-defined]
        row.status = target.value  # type: ignore[attr-defined]

    def is_final(self, status: str) -> bool:
        return self.states(status) in self.final
