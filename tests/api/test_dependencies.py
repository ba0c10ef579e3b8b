"""Areas depend one way (STYLE habit 13): an upstream area never reaches into a downstream one.

Read from the source with `ast`, so every form counts: an import at the top, inside a function or under
TYPE_CHECKING, a `strawberry.lazy("backend.<area>…")` annotation, and a resolver's
`info.context.loaders.<area>` (a downstream area's loaders are a dependency on that area too).
Types that gather fields of several areas are composed in backend/api (see backend/api/types.py).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

BACKEND = ROOT / "backend"

# Upstream first: an area may depend on the ones before it, never on the ones after it.
ORDER = [
    "identity",
    "audit",
    "assets",
    "labels",
    "registry",
    "deployments",
    "scoring",
    "governance",
    "webhooks",
    "monitoring",
    "provenance",
    "diagnostics",
]

# Edges that break the order today, each to be removed when fixed (a stale entry fails below). They
# are service-level calls, not types: announcing to webhooks and writing audit rows.
KNOWN = {
    ("backend/identity/service.py", "audit"): "user management writes audit rows; audit reads users",
    ("backend/identity/access_tokens.py", "audit"): "creating and revoking access tokens writes audit rows",
    ("backend/identity/sessions.py", "audit"): "refresh-token reuse writes an audit row",
    ("backend/registry/approvals.py", "webhooks"): "approval decisions announce webhooks directly",
    ("backend/registry/validation/service.py", "webhooks"): "validation results announce webhooks directly",
    ("backend/deployments/transitions.py", "webhooks"): "deployment status changes announce webhooks directly",
    ("backend/scoring/runner.py", "webhooks"): "finished scoring runs announce webhooks directly",
}


@dataclass(frozen=True)
class Edge:
    path: str
    line: int
    area: str
    how: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} uses backend.{self.area} ({self.how})"


def _area_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "backend" and parts[1] in ORDER else None


def _module_of(path: Path) -> list[str]:
    return list(path.relative_to(ROOT).with_suffix("").parts)


def _targets(tree: ast.AST, path: Path) -> list[tuple[int, str, str]]:
    """(line, dotted name, how) for every module or loaders group this file reaches."""
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "import") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this file's package
                base = _module_of(path)[: -node.level]
                module = ".".join([*base, *(node.module or "").split(".")]).rstrip(".")
            else:
                module = node.module or ""
            found += [(node.lineno, f"{module}.{alias.name}", "import") for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if (
                name in {"lazy", "import_module"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((node.lineno, node.args[0].value, f"{name}()"))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "loaders"
            and node.attr in ORDER
        ):
            found.append((node.lineno, f"backend.{node.attr}", "loaders"))
    return found


def _edges(path: Path) -> list[Edge]:
    """Every use of another area by `path`, with where it is."""
    own = _module_of(path)[1]
    rel = path.relative_to(ROOT).as_posix()
    edges = []
    for line, dotted, how in _targets(ast.parse(path.read_text(), filename=rel), path):
        area = _area_of(dotted)
        if area is not None and area != own:
            edges.append(Edge(rel, line, area, how))
    return edges


def _upstream_to_downstream() -> list[Edge]:
    bad = []
    for area in ORDER:
        for path in sorted((BACKEND / area).rglob("*.py")):
            bad += [e for e in _edges(path) if ORDER.index(e.area) > ORDER.index(area)]
    return bad


def test_every_area_has_a_place_in_the_order() -> None:
    areas = {p.parent.name for p in BACKEND.glob("*/resolvers.py")}
    assert areas == set(ORDER), f"place each area in ORDER (upstream first): {sorted(areas ^ set(ORDER))}"


def test_no_upstream_area_uses_a_downstream_one() -> None:
    bad = [str(e) for e in _upstream_to_downstream() if (e.path, e.area) not in KNOWN]
    assert not bad, (
        "an upstream area reaches downstream; compose the type in backend/api from per-area "
        "mixins, or move the code down:\n" + "\n".join(bad)
    )


def test_known_exceptions_are_still_there() -> None:
    left = {(e.path, e.area) for e in _upstream_to_downstream()}
    stale = sorted(set(KNOWN) - left)
    assert not stale, f"fixed, so take them out of KNOWN: {stale}"


def test_the_check_sees_every_form_of_dependency() -> None:
    # Written under a real area's folder name, so a regression in the parser cannot pass silently.
    source = (
        "import strawberry\n"
        "from typing import TYPE_CHECKING, Annotated\n"
        "if TYPE_CHECKING:\n"
        "    from backend.deployments.types import DeploymentNode\n"
        "import backend.labels.service\n"
        "Lazy = Annotated['WebhookNode', strawberry.lazy('backend.webhooks.types')]\n"
        "def f(info):\n"
        "    from backend.audit import service\n"
        "    return info.context.loaders.labels.label\n"
    )
    path = ROOT / "backend" / "registry" / "_dependency_probe.py"
    tree = ast.parse(source)
    found = {(_area_of(dotted), how) for _, dotted, how in _targets(tree, path)}
    assert {
        ("deployments", "import"),
        ("labels", "import"),
        ("webhooks", "lazy()"),
        ("audit", "import"),
        ("labels", "loaders"),
    } <= found


def test_the_model_server_never_imports_the_areas_that_drive_it() -> None:
    # serving sits below deployments and scoring (they load models into it); `slipway serve` hands it
    # what it needs of them (the LIVE routes to restore), so it never reaches up.
    above = ("backend.deployments", "backend.scoring", "backend.api")
    found = []
    for path in sorted((BACKEND / "serving").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        found += [f"{path.relative_to(ROOT)}:{line} {dotted}" for line, dotted, _ in _targets(tree, path)]
    assert not [f for f in found if any(f.split(" ")[1].startswith(a) for a in above)], found


def test_what_the_model_server_uses_of_monitoring_stays_below_deployments() -> None:
    # The payload log's shared pieces (backend/monitoring/payloads.py, features.py) are imported by the model
    # server; they, and whatever of monitoring they import in turn, must not reach deployments, scoring or api
    # (monitoring's repository and service do, and the server only gets them handed in by `slipway serve`).
    above = ("backend.deployments", "backend.scoring", "backend.api")
    pending = [p for p in sorted((BACKEND / "serving").rglob("*.py"))]
    seen: set[Path] = set()
    used, found = [], []
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for line, dotted, _ in _targets(ast.parse(path.read_text(), str(path)), path):
            if dotted.startswith("backend.monitoring"):
                parts = dotted.split(".")
                for cut in (len(parts), len(parts) - 1):  # `from backend.monitoring import payloads`
                    module = ROOT.joinpath(*parts[:cut]).with_suffix(".py")
                    if module.exists():
                        used.append(module.relative_to(ROOT).as_posix())
                        pending.append(module)
                        break
            if path.parts[-2] == "monitoring" and dotted.startswith(above):
                found.append(f"{path.relative_to(ROOT)}:{line} {dotted}")
    assert "backend/monitoring/payloads.py" in used, "the model server writes the payload log through payloads.py"
    assert not found, found
