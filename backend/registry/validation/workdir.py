"""Scratch folders of validations, named for the worker process that owns them and swept when it is gone.

A worker killed mid-validation (SIGKILL, the OOM killer) never runs its cleanup, and a large
model's copy would stay in the temp directory for good. Each folder's name carries its owner's
pid and start time, so the next worker to start on the host removes the folders whose owner has
died, and keeps those of a live process, even one that got a dead worker's pid again.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "slipway-sandbox-"
_NAME = re.compile(rf"{re.escape(PREFIX)}(\d+)-(\d+)-")


def _started(pid: int) -> str | None:
    """A token for the process's start; None when no live process has this pid."""
    if not sys.platform.startswith("linux"):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # someone else's process: alive
        return "0"
    try:
        line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from after its last ')'.
    fields = line[line.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X"):  # exited, not yet reaped
        return None
    return fields[19]  # field 22, starttime: clock ticks after boot, never the same for a reused pid


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder owned by this process, removed when the block ends (or by `sweep` if it never does)."""
    pid = os.getpid()
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{pid}-{_started(pid)}-") as path:
        yield Path(path)


def sweep(root: Path | None = None) -> list[Path]:
    """Remove this user's folders whose owning process is gone; a worker runs it once at start."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for path in root.glob(f"{PREFIX}*"):
        match = _NAME.match(path.name)
        try:
            info = path.lstat()
        except OSError:
            continue
        # Only real folders of this user: anyone may plant a name (or a symlink) in /tmp.
        if match is None or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        if _started(int(match[1])) == match[2]:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    if removed:
        log.warning(
            "removed validation folders of dead workers",
            extra={"count": len(removed), "folders": [p.name for p in removed]},
        )
    return removed
