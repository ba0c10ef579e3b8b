"""The embedded PostgreSQL server from the `pgserver` package."""

from __future__ import annotations

import logging
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

DATABASE = "slipway"


@dataclass
class EmbeddedPostgres:
    """A Postgres under `pgdata`, reachable through a unix socket only."""

    pgdata: Path
    url: str = ""

    def start(self) -> str:
        """Start (or reuse) the server and the `slipway` database; returns its libpq URL."""
        pgserver = _pgserver()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        if self._recorded_pid() is not None and self.postmaster() is None:
            # Left by a server that died with its machine or a SIGKILL; pgserver would take a live
            # process that got the same pid since for our server and never start it.
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
        # cleanup_mode=None: we stop it ourselves, so a crash of one handle does not
        # stop a server another process (API, worker) is still using.
        server = pgserver.get_server(self.pgdata.resolve(), cleanup_mode=None)
        # get_server() hands back a handle cached in this process even after we stopped the
        # server with pg_ctl; make sure it is really running again.
        server.ensure_postgres_running()
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}';")
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE};")
        info = server.get_postmaster_info()
        self.url = f"postgresql://postgres@/{DATABASE}?host={info.socket_dir}"
        log.info("embedded postgres ready", extra={"pgdata": str(self.pgdata), "socket": str(info.socket_dir)})
        return self.url

    def running(self) -> bool:
        """True when a server already runs on this pgdata (another process started it)."""
        return self.postmaster() is not None

    def postmaster(self) -> psutil.Process | None:
        """The server running on this pgdata, if any: the pid in postmaster.pid, checked to be ours."""
        pid = self._recorded_pid()
        if pid is None:
            return None
        try:
            process = psutil.Process(pid)
            ours = str(self.pgdata.resolve()) in process.cmdline() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return None
        return process if ours else None

    def _recorded_pid(self) -> int | None:
        """The postmaster's pid; None also for a standalone backend's file (negative pid: initdb)."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if pid > 0 else None

    def stop(self) -> None:
        """Stop the server (fast shutdown: open transactions roll back)."""
        # pg_ctl signals whatever pid postmaster.pid names: make sure it is still our server.
        if self.postmaster() is None:
            return
        pg_ctl = _pgserver()._commands.pg_ctl
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata.resolve(), user=_system_user())
        except subprocess.CalledProcessError as exc:
            log.warning("embedded postgres did not stop cleanly: %s", exc)


def _pgserver():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver
        import pgserver._commands
        import pgserver.utils

    return pgserver


def _system_user() -> str | None:
    import os

    # pgserver runs postgres as an unprivileged `pgserver` user when started as root.
    return "pgserver" if os.geteuid() == 0 else None
