"""One embedded stack per data dir: an OS lock on `<data_dir>/slipway.lock` with the owner's pid in it.

The lock is `flock(2)`: the kernel drops it when the last process holding the open file ends, so a
stack killed with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from backend.kit.errors import SlipwayError

LOCK_FILE = "slipway.lock"


class DataDirBusy(SlipwayError):
    """Another stack already runs on this data dir."""


@dataclass
class DataDirLock:
    """Held for the life of a stack; `fd` is passed to helpers that must keep it held after we die."""

    data_dir: Path
    fd: int | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.data_dir / LOCK_FILE

    def acquire(self, *, wait_for_dead_owner: float = 60.0) -> int:
        """Take the lock and return its descriptor, or raise DataDirBusy naming the owner.

        When the pid in the file is gone but the lock is still held, the owner's watchdog is still
        stopping its children and Postgres: wait for it rather than refuse.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + wait_for_dead_owner
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                owner = _read_pid(fd)
                alive = _alive(owner)
                if alive or time.monotonic() > deadline:
                    os.close(fd)
                    raise DataDirBusy(_busy_message(self.data_dir, owner, alive=alive), pid=owner) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return fd

    def release(self) -> None:
        if self.fd is None:
            return
        os.ftruncate(self.fd, 0)
        os.close(self.fd)  # closing our descriptor drops the lock unless a helper still holds it
        self.fd = None


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 64, 0).decode(errors="replace").strip()
    return int(text) if text.isdigit() else None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False  # the owner has just taken the lock and not yet written its pid: wait for it
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _busy_message(data_dir: Path, owner: int | None, *, alive: bool) -> str:
    if not alive:
        return (
            f"the `slipway up` that ran on the data dir {data_dir}"
            f"{f' (pid {owner})' if owner is not None else ''} is still stopping its servers: try again in a minute."
        )
    return (
        f"another `slipway up` (pid {owner}) already runs on the data dir {data_dir}: stop it first"
        f" (Ctrl-C in its terminal, or `kill {owner}`), or set SLIPWAY_DATA_DIR to another folder."
    )
