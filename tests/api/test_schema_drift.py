"""graphql/schema.graphql is what the code defines; a change to one without the other fails here."""

from __future__ import annotations

from backend.api.schema import schema_sdl
from tests.conftest import ROOT


def test_exported_schema_matches_the_code() -> None:
    exported = (ROOT / "graphql" / "schema.graphql").read_text()
    assert exported == schema_sdl(), "graphql/schema.graphql is stale: run `make schema` and commit it"


def test_every_operation_document_is_valid_against_the_schema() -> None:
    from graphql import build_schema, parse, validate

    schema = build_schema(schema_sdl())
    documents = sorted((ROOT / "graphql" / "operations").glob("*.graphql"))
    assert documents, "graphql/operations holds the documents clients use"
    names: list[str] = []
    for path in documents:
        document = parse(path.read_text())
        errors = validate(schema, document)
        assert not errors, f"{path.name}: {errors}"
        names += [d.name.value for d in document.definitions if getattr(d, "name", None)]
    assert len(names) == len(set(names)), "operation names must be unique across documents"
