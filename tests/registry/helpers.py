"""Kept for the tests that still import the registry helpers from here; they live in tests/support/registry.py."""

from tests.support.registry import REGISTER, UPLOAD, VERSION, register, upload, wait_final  # noqa: F401
