"""The labeling tests' fixture: one tenant's view of the labeling API. Helpers: tests/support/labels.py."""

from __future__ import annotations

import pytest

# `upload` is imported from here by tests/api/test_malformed_input.py; new code imports tests.support.labels.
from tests.support.labels import Labeling, upload  # noqa: F401


@pytest.fixture
def labeling(tenant) -> Labeling:
    return Labeling(tenant)
