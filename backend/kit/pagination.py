"""Cursor pagination shared by every connection: keyset on a monotonic sort key."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Generic, TypeVar

from backend.kit.errors import BadInput

T = TypeVar("T")

MAX_PAGE = 100


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: int | None

    @classmethod
    def parse(cls, first: int | None, after: str | None, default: int = 20) -> PageRequest:
        size = default if first is None else first
        if not 1 <= size <= MAX_PAGE:
            raise BadInput(f"`first` must be between 1 and {MAX_PAGE}; got {size}.", field="first")
        return cls(first=size, after=decode_cursor(after) if after else None)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[tuple[int, T]]  # (sort key, item)
    has_next: bool


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"c:{key}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        prefix, _, value = raw.partition(":")
        if prefix != "c":
            raise ValueError(prefix)
        return int(value)
    except ValueError:
        raise BadInput("`after` is not a cursor this API returned.", field="after") from None
