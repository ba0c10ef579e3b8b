"""Custom scalars: Python types for annotations, and the GraphQL definitions the schema maps them to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)
# A chart wants columns, and one scalar per column serializes in one step instead of one per point.
FloatColumn = NewType("FloatColumn", list)
TimeColumn = NewType("TimeColumn", list)
IntColumn = NewType("IntColumn", list)

# Keyed by object: a NewType is not a type, and StrawberryConfig takes any annotation as a key.
SCALAR_MAP: Mapping[object, ScalarDefinition] = {
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
