"""Cursor pagination shared by every connection: keyset on a unique sort key."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, tuple_

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


class Timestamped(Protocol):
    created_at: datetime
    id: uuid.UUID


def time_key(row: Timestamped) -> str:
    """The cursor key of a row in a list ordered by creation: `<created_at>|<id>`, unique and stable."""
    return f"{row.created_at.isoformat()}|{row.id}"


def by_creation(stmt: Select[Any], model: Any, after: Key | None, *, newest_first: bool = True) -> Select[Any]:
    """`stmt` ordered by (created_at, id) and started after the row whose `time_key` is `after`."""
    if after is not None:
        position = tuple_(model.created_at, model.id)
        bound = tuple_(*_parse_time_key(after))
        stmt = stmt.where(position < bound if newest_first else position > bound)
    if newest_first:
        return stmt.order_by(model.created_at.desc(), model.id.desc())
    return stmt.order_by(model.created_at, model.id)


def _parse_time_key(key: Key) -> tuple[datetime, uuid.UUID]:
    try:
        created, _, ident = str(key).partition("|")
        return datetime.fromisoformat(created), uuid.UUID(ident)
    except ValueError:  # a cursor that decodes but was not made here (or for another list)
        raise BadInput("`after` is not a cursor this list returned.", field="after") from None


def ordered_key(order: str, key: Key) -> str:
    """The cursor key of a row in a list that has several orders: the order travels with the position."""
    return f"{order}:{key}"


def position_in(order: str, after: Key | None, *, what: str) -> str | None:
    """The position of an `ordered_key` cursor; a cursor of another order (or list) is refused, never misread."""
    if after is None:
        return None
    if not isinstance(after, str) or not after.startswith(f"{order}:"):
        raise BadInput(
            f"`after` is not a cursor of {what} in the order {order}; a new order starts again without `after`.",
            field="after",
        )
    return after[len(order) + 1 :]
