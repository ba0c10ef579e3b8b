"""One job path: backend/ queues jobs by name and never imports the worker package; every name it queues is an
actor of the worker on the queue backend.kit.jobs routes it to."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import dramatiq

from backend.kit.jobs import queue_of
from tests.conftest import ROOT


def _modules(folder: str) -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in sorted((ROOT / folder).rglob("*.py"))]


def _imports_tasks(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name == "tasks" or alias.name.startswith("tasks.") for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module == "tasks" or (node.module or "").startswith("tasks."))
    return False


def test_nothing_under_backend_imports_the_worker_package() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules("backend")
        for node in ast.walk(tree)
        if _imports_tasks(node)
    ]
    assert offenders == []


def _broker() -> dramatiq.Broker:
    """The broker with every actor declared, as a worker process has it (without its logging and pool)."""
    for path in sorted((ROOT / "tasks").glob("*_actors.py")):
        importlib.import_module(f"tasks.{path.stem}")
    return dramatiq.get_broker()


def _queued_names() -> dict[str, str]:
    """Every job name backend/ passes to enqueue(), with where."""
    names = {}
    for path, tree in _modules("backend"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "enqueue"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                names[node.args[1].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return names


def test_every_job_backend_queues_is_an_actor_on_its_routed_queue() -> None:
    broker = _broker()
    queued = _queued_names()
    assert len(queued) >= 8  # the walk found the call sites
    for name, where in queued.items():
        assert name in broker.actors, f"{where} queues {name!r}, which no actor in tasks/ declares"
        assert broker.actors[name].queue_name == queue_of(name), where


def test_old_actor_names_run_the_same_function_with_the_same_options() -> None:
    from tasks.broker import ALIASES

    broker = _broker()
    assert {
        "reconcileDeployment",
        "deploymentsSweep",
        "label_housekeeping",
        "validateModelVersion",
        "deliverWebhook",
        "run_export",
        "pong",
    } <= set(ALIASES)
    for old, new in ALIASES.items():
        alias, actor = broker.actors[old], broker.actors[new]
        assert (alias.queue_name, alias.options) == (actor.queue_name, actor.options), old
        assert alias.fn.__wrapped__ is actor.fn.__wrapped__, old


def test_periodic_jobs_queue_their_next_run_once_their_retries_are_spent() -> None:
    from tasks.periodic import PERIODIC

    broker = _broker()
    for name in PERIODIC:
        handler = broker.actors[name].options.get("on_retry_exhausted")
        assert handler in broker.actors and queue_of(handler) == queue_of(name), name
