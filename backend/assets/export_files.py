"""The name an export's file is saved under: what a person downloading it recognises."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Characters a file name keeps; anything else (path separators, quotes, spaces, control characters) becomes
# a dash, so the name is safe on every desktop and in a Content-Disposition header.
_UNSAFE = re.compile(r"[^\w.-]+")


def download_filename(asset_name: str, start: datetime, end: datetime) -> str:
    """`pump-7_2026-12-06T00-00Z_2026-12-07T00-00Z.csv`: the asset and the range in UTC (seconds when not whole
    minutes), with colons left out since desktops refuse them."""
    asset = _UNSAFE.sub("-", asset_name).strip(".-")[:100] or "asset"
    return f"{asset}_{_stamp(start)}_{_stamp(end)}.csv"


def _stamp(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H-%M-%SZ" if moment.second or moment.microsecond else "%Y-%m-%dT%H-%MZ")
