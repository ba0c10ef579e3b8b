"""The control-plane secret shared by the model server and the worker that drives it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from backend.config import Settings


def control_token(settings: Settings) -> str:
    """settings.serve_control_token, else a secret generated once under data_dir/keys."""
    if settings.serve_control_token:
        return settings.serve_control_token
    path = Path(settings.data_dir) / "keys" / "serving-control-token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32))
        try:
            # link() fails when another process won the race: theirs stays, everyone reads the same one.
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip()
