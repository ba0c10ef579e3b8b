"""Every GraphQL example in docs/api.md is valid against the exported schema, and every journey of
DESIGN.md has one."""

from __future__ import annotations

import re

from graphql import FieldNode, OperationDefinitionNode, build_schema, parse, validate

from tests.support.processes import ROOT

API = ROOT / "docs" / "api.md"
# The root fields each journey's examples must show (DESIGN.md, "The journeys").
JOURNEYS = {
    "history chart and export": {"asset", "exportHistory", "exportUpdated", "myExports"},
    "upload": {"registerModel", "uploadModelVersion"},
    "validation": {"modelVersionUpdated"},
    "approval": {
        "updateModelCard",
        "submitForApproval",
        "approvalRequests",
        "approveModelVersion",
        "rejectModelVersion",
    },
    "deployment": {
        "deployModelVersion",
        "deploymentUpdated",
        "rollbackDeployment",
        "retireDeployment",
        "setModelVersionStage",
        "activeModels",
        "startScoringRun",
        "shadowReport",
        "createWebhook",
    },
    "labeling": {"case", "saveLabel", "labelSaved"},
    "live status": {"approvalRequestsChanged", "deploymentsChanged", "scoringRunUpdated"},
}


def _examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", API.read_text(), re.DOTALL)


def test_every_example_validates_against_the_exported_schema() -> None:
    schema = build_schema((ROOT / "graphql" / "schema.graphql").read_text())
    examples = _examples()
    assert len(examples) >= 20
    for example in examples:
        errors = validate(schema, parse(example))
        assert not errors, f"docs/api.md example is invalid: {[e.message for e in errors]}\n{example}"


def test_every_journey_has_examples() -> None:
    used = set()
    names = []
    for example in _examples():
        for definition in parse(example).definitions:
            if isinstance(definition, OperationDefinitionNode):
                names.append(definition.name.value)
                used |= {s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)}
    for journey, fields in JOURNEYS.items():
        assert fields <= used, f"{journey}: no example uses {sorted(fields - used)}"
    assert len(names) == len(set(names)), "example operation names must be unique"
