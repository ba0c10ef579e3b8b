"""Embedded Postgres (pgserver) and S3 (SeaweedFS) for a machine with nothing else."""
