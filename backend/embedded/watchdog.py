"""Finish stopping a stack that died, even by SIGKILL: its children first, then its Postgres.

The children get SIGTERM from the kernel when the stack dies (see orphans.die_with_parent), but
pg_ctl detaches the postmaster, so nothing would reach it. This small process reads a pipe from
the stack: end of file means the stack is gone (or stopping). It then waits for the recorded
children to finish (a worker cannot stop cleanly once its database is gone) and stops the
Postgres under the data dir. It holds the data dir's lock (inherited), so the next stack on that
dir starts only once all this is done.

Run as `python -m backend.embedded.watchdog DATA_DIR [--postgres]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from backend.embedded.orphans import ChildRecord
from backend.embedded.postgres import EmbeddedPostgres

# As long as `slipway up` gives its children to stop after Ctrl-C.
CHILDREN_GRACE = 20.0


@dataclass
class Watchdog:
    data_dir: Path
    postgres: bool
    _process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, *, lock_fd: int) -> None:
        args = [sys.executable, "-m", "backend.embedded.watchdog", str(self.data_dir)]
        self._process = subprocess.Popen(
            [*args, "--postgres"] if self.postgres else args,
            stdin=subprocess.PIPE,
            pass_fds=(lock_fd,),
            # Its own session: Ctrl-C or a kill of the stack's process group must not end it first.
            start_new_session=True,
        )

    def stop(self, timeout: float = 120.0) -> None:
        """Close the pipe and wait for it: whatever it had to stop is stopped when this returns."""
        if self._process is None:
            return
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None


def main(data_dir: Path, *, postgres: bool) -> None:
    while os.read(sys.stdin.fileno(), 4096):
        pass
    # Children started with die_with_parent already have their SIGTERM: let them finish first.
    grace = CHILDREN_GRACE if sys.platform == "linux" else 0.0
    ChildRecord(data_dir).stop_leftovers(grace=grace)
    if postgres:
        EmbeddedPostgres(data_dir / "postgres").stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]), postgres="--postgres" in sys.argv[2:])
