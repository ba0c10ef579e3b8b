"""Start the embedded servers a process tree needs and say how to reach them."""

from __future__ import annotations

from dataclasses import dataclass, field

from backend.config import Settings
from backend.embedded.postgres import EmbeddedPostgres
from backend.embedded.seaweed import EmbeddedS3


@dataclass
class EmbeddedStack:
    """Whatever of Postgres and S3 the settings leave unset, started under data_dir."""

    settings: Settings
    postgres: EmbeddedPostgres | None = None
    s3: EmbeddedS3 | None = None
    env: dict[str, str] = field(default_factory=dict)

    def start(self) -> dict[str, str]:
        """Start what is needed; returns the SLIPWAY_* variables that point children at it."""
        data_dir = self.settings.data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.env["SLIPWAY_DATA_DIR"] = str(data_dir)
        try:
            if self.settings.embedded_database:
                self.postgres = EmbeddedPostgres(data_dir / "postgres")
                self.env["SLIPWAY_DATABASE_URL"] = self.postgres.start()
            if self.settings.embedded_s3:
                self.s3 = EmbeddedS3(data_dir / "s3", bucket=self.settings.s3_bucket, port=self.settings.embedded_s3_port)
                self.env["SLIPWAY_S3_ENDPOINT"] = self.s3.start()
                assert self.s3.credentials is not None
                self.env["SLIPWAY_S3_ACCESS_KEY"] = self.s3.credentials.access_key
                self.env["SLIPWAY_S3_SECRET_KEY"] = self.s3.credentials.secret_key
        except BaseException:
            self.stop()
            raise
        return self.env

    def stop(self) -> None:
        if self.s3 is not None:
            self.s3.stop()
        if self.postgres is not None:
            self.postgres.stop()

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
