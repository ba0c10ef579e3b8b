"""The status machine refuses moves with a CONFLICT naming the state, and refuses to be built incomplete."""

from __future__ import annotations

import enum
import types

import pytest

from backend.kit.errors import Conflict
from backend.kit.status_machine import StatusMachine


class Light(enum.StrEnum):
    RED = "RED"
    GREEN = "GREEN"
    BROKEN = "BROKEN"


def machine(**overrides: object) -> StatusMachine[Light]:
    fields: dict = {
        "allowed": {
            Light.RED: frozenset({Light.GREEN}),
            Light.GREEN: frozenset({Light.RED, Light.BROKEN}),
            Light.BROKEN: frozenset(),
        },
        "hints": {Light.RED: "wait", Light.GREEN: "go", Light.BROKEN: "call someone"},
        "final": frozenset({Light.BROKEN}),
        "label": "This light",
    }
    return StatusMachine(Light, **{**fields, **overrides})


def test_an_allowed_move_changes_the_status_and_a_refused_one_names_the_state_and_what_to_do() -> None:
    row = types.SimpleNamespace(status="RED")
    machine().transition(row, Light.GREEN)
    assert row.status == "GREEN"
    row.status = "BROKEN"
    with pytest.raises(Conflict) as refused:
        machine().transition(row, Light.RED, label="Light 7")
    assert str(refused.value) == "Light 7 is BROKEN, so it cannot become RED: call someone."
    assert refused.value.details["currentStatus"] == "BROKEN"
    assert row.status == "BROKEN" and machine().is_final("BROKEN") and not machine().is_final("RED")


def test_a_state_without_moves_or_a_hint_is_refused_when_the_machine_is_built() -> None:
    with pytest.raises(ValueError, match="BROKEN"):
        machine(hints={Light.RED: "wait", Light.GREEN: "go"})
