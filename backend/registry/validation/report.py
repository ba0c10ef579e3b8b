"""The validation report: every check by name, with pass/fail and a sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The order a report lists its checks in; each one runs only when everything before it passed.
CHECKS = (
    "size",
    "parse",
    "external_data",
    "ir_version",
    "operator_domains",
    "opsets",
    "checker",
    "session",
    "smoke_inference",
    "latency",
)


@dataclass
class Report:
    results: dict[str, tuple[str, str]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for the log and the bench; not stored

    def passed(self, name: str, message: str) -> None:
        self.results[name] = ("PASSED", message)

    def failed(self, name: str, message: str) -> None:
        self.results[name] = ("FAILED", message)

    @property
    def ok(self) -> bool:
        return all(status == "PASSED" for status, _ in self.results.values()) and len(self.results) == len(CHECKS)

    @property
    def first_failure(self) -> str | None:
        return next((name for name in CHECKS if self.results.get(name, ("",))[0] == "FAILED"), None)

    def as_rows(self) -> list[dict[str, str]]:
        """Every check in order; those not reached are SKIPPED and say which failure stopped them."""
        failed = self.first_failure
        rows = []
        for name in CHECKS:
            if name in self.results:
                status, message = self.results[name]
            else:
                status, message = "SKIPPED", f"Not run because the `{failed}` check failed; fix that first."
            rows.append({"name": name, "status": status, "message": message})
        return rows
