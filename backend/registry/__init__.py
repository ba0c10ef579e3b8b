"""Registry area."""
