"""graphql/schema.graphql is what the code defines; a change to one without the other fails here."""

from __future__ import annotations

from backend.api.schema import schema_sdl
from tests.conftest import ROOT


def test_exported_schema_matches_the_code() -> None:
    exported = (ROOT / "graphql" / "schema.graphql").read_text()
    assert exported == schema_sdl(), "graphql/schema.graphql is stale: run `make schema` and commit it"
