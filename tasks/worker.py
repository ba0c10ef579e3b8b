"""The module `dramatiq` loads in each worker process: declare the actors, open the pool, seed periodic jobs."""

from __future__ import annotations

from backend.config import settings
from backend.kit.logging import configure_logging
from backend.registry.validation import workdir
from backend.registry.validation.service import prepare as prepare_validation
from tasks import (  # noqa: F401 - registers every actor
    assets_actors,
    deployments_actors,
    diagnostics_actors,
    identity_actors,
    labels_actors,
    monitoring_actors,
    registry_actors,
    scoring_actors,
    storage_actors,
    webhooks_actors,
)
from tasks.broker import broker
from tasks.periodic import seeder

configure_logging(settings.log_level, json=settings.log_json, process="worker")
workdir.sweep()  # validation folders left by a killed worker
prepare_validation()  # the sandbox zygote, on this main thread: the first validation does not wait
broker.add_middleware(seeder())
broker.pool.open(wait=True, timeout=30)
