"""Dramatiq on Postgres: the broker, the actors, and enqueueing inside a transaction."""
