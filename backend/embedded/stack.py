"""Start the embedded servers a process tree needs and say how to reach them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field

from backend.config import Settings
from backend.embedded.lock import DataDirLock
from backend.embedded.orphans import ChildRecord
from backend.embedded.postgres import EmbeddedPostgres
from backend.embedded.seaweed import EmbeddedS3
from backend.embedded.watchdog import Watchdog


@dataclass
class EmbeddedStack:
    """Whatever of Postgres and S3 the settings leave unset, started under data_dir; one per data dir."""

    settings: Settings
    postgres: EmbeddedPostgres | None = None
    s3: EmbeddedS3 | None = None
    env: dict[str, str] = field(default_factory=dict)
    lock: DataDirLock | None = None
    children: ChildRecord | None = None
    _watchdog: Watchdog | None = field(default=None, repr=False)

    def start(self) -> dict[str, str]:
        """Start what is needed; returns the SLIPWAY_* variables that point children at it.

        Raises DataDirBusy when another stack runs on the data dir; stops first whatever a stack
        killed earlier on it left running.
        """
        data_dir = self.settings.data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.env["SLIPWAY_DATA_DIR"] = str(data_dir)
        lock = DataDirLock(data_dir)
        lock_fd = lock.acquire()
        self.lock, self.children = lock, ChildRecord(data_dir)
        try:
            self.children.stop_leftovers()
            self._watchdog = Watchdog(data_dir, postgres=self.settings.embedded_database)
            self._watchdog.start(lock_fd=lock_fd)
            if self.settings.embedded_database:
                # A Postgres a killed stack left on this pgdata (its watchdog killed too) is reused.
                self.postgres = EmbeddedPostgres(data_dir / "postgres")
                self.env["SLIPWAY_DATABASE_URL"] = self.postgres.start()
            if self.settings.embedded_s3:
                self.s3 = EmbeddedS3(
                    data_dir / "s3", bucket=self.settings.s3_bucket, port=self.settings.embedded_s3_port
                )
                self.env["SLIPWAY_S3_ENDPOINT"] = self.s3.start()
                assert self.s3.credentials is not None and self.s3.process is not None
                self.children.add("s3", self.s3.process)
                self.env["SLIPWAY_S3_ACCESS_KEY"] = self.s3.credentials.access_key
                self.env["SLIPWAY_S3_SECRET_KEY"] = self.s3.credentials.secret_key
        except BaseException:
            self.stop()
            raise
        return self.env

    def adopt(self, name: str, process: subprocess.Popen) -> None:
        """Record a child started for this stack, so the next stack stops it if we are killed."""
        if self.children is not None:
            self.children.add(name, process)

    def stop(self) -> None:
        if self.s3 is not None:
            self.s3.stop()
        if self.postgres is not None:
            self.postgres.stop()
        if self.children is not None:
            self.children.clear()
            self.children = None
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def settings_for_children(self) -> Settings:
        """The settings a child process will read once `env` is applied."""
        return self.settings.model_copy(
            update={
                "database_url": self.env.get("SLIPWAY_DATABASE_URL", self.settings.database_url),
                "s3_endpoint": self.env.get("SLIPWAY_S3_ENDPOINT", self.settings.s3_endpoint),
                "s3_access_key": self.env.get("SLIPWAY_S3_ACCESS_KEY", self.settings.s3_access_key),
                "s3_secret_key": self.env.get("SLIPWAY_S3_SECRET_KEY", self.settings.s3_secret_key),
                "data_dir": self.settings.data_dir.resolve(),
            }
        )
