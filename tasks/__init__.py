"""The worker package: the Dramatiq broker on Postgres and thin actors named `area.verb`.

Nothing under backend/ imports it: jobs are queued by name with backend.kit.jobs.enqueue.
"""
