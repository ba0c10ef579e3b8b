"""The Dockerfile's stages, checked without a Docker engine (none runs here): what each stage takes and
makes, and a real wheel build from exactly the files the wheel stage copies."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stages() -> dict[str, list[str]]:
    """Instructions per stage (the last one is called 'runtime'), continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    result: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FROM "):
            match = re.match(r"FROM \S+(?: AS (\S+))?", line)
            current = match.group(1) or "runtime"
        result.setdefault(current, []).append(line)
    return result


def copied_from_context(stage: list[str]) -> list[str]:
    sources = []
    for line in stage:
        if line.startswith("COPY ") and "--from=" not in line:
            sources.extend(line.split()[1:-1])
    return sources


def test_three_stages_web_wheel_and_a_non_root_runtime_with_the_slipway_entrypoint() -> None:
    s = stages()
    assert list(s) == ["web", "wheel", "runtime"]
    assert any("npm ci" in line for line in s["web"]) and any("npm run build" in line for line in s["web"])
    # codegen reads ../graphql/schema.graphql: the web stage needs it beside web/.
    assert "graphql/" in copied_from_context(s["web"])
    assert any("python -m build --wheel" in line for line in s["wheel"])
    runtime = s["runtime"]
    assert any(line.startswith("COPY --from=wheel") for line in runtime)
    assert any(line.startswith("COPY --from=web /src/web/dist") for line in runtime)
    (user,) = [line for line in runtime if line.startswith("USER ")]
    assert not user.split()[1].startswith(("root", "0:", "0"))
    assert 'ENTRYPOINT ["slipway"]' in runtime
    assert any("SLIPWAY_WEB_DIST=/app/web/dist" in line for line in runtime)


def test_dockerignore_lets_in_everything_the_dockerfile_copies_and_nothing_built() -> None:
    rules = [
        r.strip() for r in (ROOT / ".dockerignore").read_text().splitlines() if r.strip() and not r.startswith("#")
    ]
    assert rules[0] == "**"  # deny by default: no .venv, .slipway data or keys in the context
    allowed = {r[1:] for r in rules if r.startswith("!")}
    for stage in stages().values():
        for source in copied_from_context(stage):
            top = source.split("/")[0] + ("/" if "/" in source else "")
            assert source in allowed or top in allowed, f"{source} is copied but .dockerignore leaves it out"
    assert {"web/node_modules/", "web/dist/"} <= set(rules)


def test_wheel_from_the_wheel_stage_files_holds_every_package_and_migration(tmp_path: Path) -> None:
    context = tmp_path / "context"
    context.mkdir()
    for source in copied_from_context(stages()["wheel"]):
        path = ROOT / source.rstrip("/")
        if path.is_dir():
            shutil.copytree(path, context / path.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, context / path.name)
    out = tmp_path / "dist"
    # Build isolation, like `python -m build` in the image: setuptools from PyPI, not the venv's.
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(context)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("slipway-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        str(p.relative_to(ROOT))
        for top in ("backend", "tasks", "migrations")
        for p in (ROOT / top).rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert expected - names == set()
    assert "migrations/script.py.mako" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "slipway = backend.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
