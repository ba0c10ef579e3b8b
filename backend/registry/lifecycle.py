"""The one place that says which status a model version may move to (DESIGN: lifecycle of a model version).

upload → VALIDATING → VALIDATED | VALIDATION_FAILED; VALIDATED → PENDING_APPROVAL → APPROVED | REJECTED.
A card edit while PENDING_APPROVAL withdraws the request (back to VALIDATED), and a correction of an APPROVED
card is a new revision that needs a new approval (back to VALIDATED too): an approval always binds to the card
that was reviewed (docs/governance.md). Every other move is refused with CONFLICT naming the current state.
"""

from __future__ import annotations

import enum

from backend.kit.status_machine import StatusMachine


class VersionStatus(enum.StrEnum):
    VALIDATING = "VALIDATING"
    VALIDATED = "VALIDATED"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


ALLOWED: dict[VersionStatus, frozenset[VersionStatus]] = {
    VersionStatus.VALIDATING: frozenset({VersionStatus.VALIDATED, VersionStatus.VALIDATION_FAILED}),
    VersionStatus.VALIDATED: frozenset({VersionStatus.PENDING_APPROVAL}),
    VersionStatus.PENDING_APPROVAL: frozenset(
        {VersionStatus.APPROVED, VersionStatus.REJECTED, VersionStatus.VALIDATED}
    ),
    VersionStatus.VALIDATION_FAILED: frozenset(),
    VersionStatus.APPROVED: frozenset({VersionStatus.VALIDATED}),
    VersionStatus.REJECTED: frozenset(),
}

# Once a version is decided its card is the record of what was decided: nobody edits it in place (an approved
# one takes a correction, card.revise_card, which needs a new approval).
CARD_FROZEN = frozenset({VersionStatus.APPROVED, VersionStatus.REJECTED})

_HINTS: dict[VersionStatus, str] = {
    VersionStatus.VALIDATING: "wait until validation has finished",
    VersionStatus.VALIDATED: "submit it for approval first",
    VersionStatus.VALIDATION_FAILED: "fix the model and upload a new version",
    VersionStatus.PENDING_APPROVAL: "it is waiting for an admin's decision",
    VersionStatus.APPROVED: "it is already approved; a card correction (reviseModelCard) needs a new approval",
    VersionStatus.REJECTED: "it was rejected; upload a new version",
}


MACHINE = StatusMachine(
    VersionStatus,
    ALLOWED,
    _HINTS,
    label="This model version",
    # APPROVED is not final: a card correction sends the version back for a new approval.
    final=frozenset({VersionStatus.VALIDATION_FAILED, VersionStatus.REJECTED}),
)
check, is_final = MACHINE.check, MACHINE.is_final


def transition(version: object, target: VersionStatus) -> None:
    """Move `version` to `target`, or raise Conflict naming it by number ("Version 3 is …")."""
    MACHINE.transition(version, target, label=f"Version {getattr(version, 'version', '')}".strip())
