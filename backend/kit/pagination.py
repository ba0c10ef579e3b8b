"""Cursor pagination shared by every connection: keyset on a unique sort key."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from backend.kit.errors import BadInput

T = TypeVar("T")
Key = int | str

MAX_PAGE = 100


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: Key | None

    @classmethod
    def parse(cls, first: int | None, after: str | None, default: int = 20) -> PageRequest:
        size = default if first is None else first
        if not 1 <= size <= MAX_PAGE:
            raise BadInput(f"`first` must be between 1 and {MAX_PAGE}; got {size}.", field="first")
        return cls(first=size, after=decode_cursor(after) if after else None)

    def page_of(self, rows: Sequence[T], key: Callable[[T], Key]) -> Page[T]:
        """The page from `rows` fetched with limit first + 1; `key(row)` is the keyset column."""
        return Page(items=[(key(r), r) for r in rows[: self.first]], has_next=len(rows) > self.first)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[tuple[Key, T]]  # (sort key, item)
    has_next: bool


def encode_cursor(key: Key) -> str:
    return base64.urlsafe_b64encode(json.dumps(["c", key]).encode()).decode()


def decode_cursor(cursor: str) -> Key:
    try:
        prefix, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if prefix != "c" or not isinstance(key, int | str):
            raise ValueError(prefix)
        return key
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadInput("`after` is not a cursor this API returned.", field="after") from None
