"""Validation folders: removed by the next worker once their owner is dead, never while it lives."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from backend.registry.validation import workdir
from tests.conftest import ROOT


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", os.fspath(tmp_path))
    return tmp_path


def test_a_killed_worker_s_folder_is_swept(root: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        from backend.registry.validation import workdir
        with workdir.folder() as folder:
            (folder / "model.onnx").write_bytes(b"x" * 1000)
            print(folder, flush=True)
            time.sleep(300)
    """)
    owner = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "TMPDIR": os.fspath(root)}
    )
    folder = Path(owner.stdout.readline().decode().strip())
    assert workdir.sweep(root) == [], "a live owner keeps its folder"
    owner.kill()  # no cleanup runs
    owner.wait()
    owner.stdout.close()
    assert folder.is_dir() and folder.parent == root
    assert workdir.sweep(root) == [folder]
    assert not folder.exists()


def test_a_live_worker_s_own_folder_is_kept(root: Path) -> None:
    with workdir.folder() as folder:
        assert folder.name.startswith(f"{workdir.PREFIX}{os.getpid()}-")
        assert workdir.sweep(root) == []
        assert folder.is_dir()
    assert not folder.exists()


def test_a_dead_worker_s_pid_taken_by_another_process_does_not_keep_its_folder(root: Path) -> None:
    # Same pid as a live process (this one), but that process started at another time.
    stale = root / f"{workdir.PREFIX}{os.getpid()}-1-abc"
    stale.mkdir()
    assert workdir.sweep(root) == [stale]
    assert not stale.exists()


def test_names_planted_by_someone_else_are_left_alone(root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    precious = tmp_path_factory.mktemp("precious")
    (precious / "data").write_text("keep")
    link = root / f"{workdir.PREFIX}1-1-link"
    link.symlink_to(precious, target_is_directory=True)
    plain = root / f"{workdir.PREFIX}1-1-file"
    plain.write_text("not a folder")
    odd = root / f"{workdir.PREFIX}not-a-pid"
    odd.mkdir()
    assert workdir.sweep(root) == []
    assert (precious / "data").read_text() == "keep"
    assert link.is_symlink() and plain.exists() and odd.exists()
