"""Custom scalars: Python types for annotations, and the GraphQL definitions the schema maps them to."""

from __future__ import annotations

from typing import NewType

import strawberry

BigInt = NewType("BigInt", int)
# A chart wants columns, and one scalar per column serializes in one step instead of one per point.
FloatColumn = NewType("FloatColumn", list)
TimeColumn = NewType("TimeColumn", list)
IntColumn = NewType("IntColumn", list)

SCALAR_MAP = {
    BigInt: strawberry.scalar(
        name="BigInt",
        serialize=int,
        parse_value=int,
        description="An integer that may pass 2^31 (sizes in bytes, parameter counts).",
    ),
    FloatColumn: strawberry.scalar(
        name="FloatColumn",
        serialize=list,
        parse_value=list,
        description="A JSON array of numbers, one per bucket, in bucket order.",
    ),
    TimeColumn: strawberry.scalar(
        name="TimeColumn",
        serialize=list,
        parse_value=list,
        description="A JSON array of ISO-8601 UTC bucket start times, ascending.",
    ),
    IntColumn: strawberry.scalar(
        name="IntColumn",
        serialize=list,
        parse_value=list,
        description="A JSON array of integers, one per bucket, in bucket order.",
    ),
}
