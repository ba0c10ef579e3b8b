"""Relative links in the docs and the examples' README point at files that exist."""

from __future__ import annotations

import re

from tests.support.processes import ROOT

PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "examples" / "README.md", ROOT / "bench" / "README.md"]


def test_relative_links_point_at_existing_files() -> None:
    broken, checked = [], 0
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            if re.match(r"[a-z]+://", target) or target.startswith("#"):
                continue
            checked += 1
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert checked > 15, "the link pattern found (almost) nothing: it no longer matches the pages"
    assert not broken, broken
