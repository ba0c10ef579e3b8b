"""Children that end with the stack that started them, and a record to stop those that did not.

A child started through `die_with_parent()` gets SIGTERM from the kernel when its parent dies, even
by SIGKILL (Linux PR_SET_PDEATHSIG). Where that cannot work (another OS, a child started from a
thread other than the main one), the pids recorded in `<data_dir>/slipway.pids` let the next stack
on that data dir stop what is left.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

PIDS_FILE = "slipway.pids"
_PR_SET_PDEATHSIG = 1

# Loaded before any fork: the preexec function may only call into what is already there.
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform == "linux" else None


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that has the child receive SIGTERM when this process dies; None where it cannot.

    The kernel sends the signal when the *thread* that forked the child ends, so it is only safe
    from the main thread, which lives as long as the process.
    """
    if _libc is None or threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()
    libc = _libc

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody will send the signal
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


@dataclass
class ChildRecord:
    """The children of the stack that owns a data dir (its lock held), by pid and start time."""

    data_dir: Path

    @property
    def path(self) -> Path:
        return self.data_dir / PIDS_FILE

    def add(self, name: str, process: subprocess.Popen) -> None:
        """Remember a child just started, to be found again only while it is this very process."""
        try:
            started = psutil.Process(process.pid).create_time()
        except psutil.NoSuchProcess:
            return  # already gone: nothing to stop later
        entries = [e for e in self._read() if e["pid"] != process.pid]
        entries.append({"name": name, "pid": process.pid, "started": started, "program": _program(process.args)})
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entries))
        tmp.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def stop_leftovers(self, *, grace: float = 0.0, timeout: float = 15.0) -> list[str]:
        """Stop the recorded children a killed stack left running; returns their names.

        They get `grace` seconds to end by themselves, then SIGTERM, then after `timeout` SIGKILL.
        """
        found: list[psutil.Process] = []
        names: list[str] = []
        for entry in self._read():
            process = _same_process(entry)
            if process is None:
                continue
            with contextlib.suppress(psutil.Error):
                found.extend(process.children(recursive=True))
            found.append(process)
            names.append(f"{entry['name']} (pid {entry['pid']})")
        if grace:
            _, found = psutil.wait_procs(found, timeout=grace)
        for process in found:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.terminate()
        _, alive = psutil.wait_procs(found, timeout=timeout)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=5)
        self.clear()
        if names:
            log.warning("stopped what a killed stack left running", extra={"processes": names})
        return names

    def _read(self) -> list[dict]:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return []
        except ValueError:
            log.warning("ignoring an unreadable %s", self.path)
            return []


def _program(args: object) -> str:
    return str(args[0]) if isinstance(args, list | tuple) and args else str(args)


def _same_process(entry: dict) -> psutil.Process | None:
    """The recorded process if it still runs; never another that got its pid since.

    Identity is pid plus start time; the program is checked too. Not the whole command line:
    `slipway worker` replaces itself with dramatiq, whose arguments differ but whose program does not.
    """
    try:
        process = psutil.Process(entry["pid"])
        if abs(process.create_time() - entry["started"]) > 0.05:
            return None
        cmdline = process.cmdline()
    except (psutil.Error, KeyError, TypeError):
        return None
    if not cmdline or cmdline[0] != entry.get("program"):
        return None
    return process
