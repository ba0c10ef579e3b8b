"""docs/configuration.md and the roles table of docs/security.md are what the code defines."""

from __future__ import annotations

import re

from click.testing import CliRunner

from backend import docs_gen
from backend.cli import main
from backend.config import Settings
from backend.identity.roles import GRANTS, Permission, Role
from tests.support.processes import ROOT


def test_the_committed_generated_docs_are_current() -> None:
    stale = docs_gen.stale()
    assert not stale, f"{[str(p.relative_to(ROOT)) for p in stale]} stale: run `.venv/bin/slipway docs` and commit"
    assert CliRunner().invoke(main, ["docs", "--check"]).exit_code == 0


def test_the_configuration_reference_has_every_setting_under_its_section() -> None:
    text = docs_gen.configuration_markdown()
    for name, field in Settings.model_fields.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| `SLIPWAY_{name.upper()}` |")), None)
        assert row, f"SLIPWAY_{name.upper()} is missing"
        assert field.description and field.description.split("`")[0][:20] in row, row
    source = (ROOT / "backend" / "config.py").read_text()
    sections = re.findall(r"^\s*# ---\s*(.+?)\s*-*$", source, re.MULTILINE)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    with_fields = [h for h in headings if h != "General"]
    assert [s.lower() for s in sections if s.lower() in {h.lower() for h in with_fields}] == [
        h.lower() for h in with_fields
    ]
    assert "| `SLIPWAY_MAX_REQUEST_BYTES` | `int` | `1048576` (1 MiB) |" in text
    assert "| `SLIPWAY_DATABASE_URL` | `str \\| None` | unset |" in text


def test_the_roles_table_in_security_md_matches_the_grants() -> None:
    text = (ROOT / "docs" / "security.md").read_text()
    start, end = text.index(docs_gen.ROLES_START), text.index(docs_gen.ROLES_END)
    lines = text[start:end].splitlines()[3:]  # the marker, the header and the rule
    cells = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    table = {re.match(r"`([a-z_]+)`", row[0]).group(1): [c == "yes" for c in row[1:]] for row in cells}
    header = text[start:end].splitlines()[1]
    assert header == "| permission | " + " | ".join(f"`{r.value}`" for r in Role) + " |"
    assert set(table) == {p.value for p in Permission}
    for permission in Permission:
        assert table[permission.value] == [permission in GRANTS[role] for role in Role], permission
