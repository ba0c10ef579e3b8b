"""`slipway up`: the embedded servers, migrations, demo data, then API, worker and model server as children."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click

from backend.config import Settings
from backend.embedded.orphans import die_with_parent
from backend.embedded.stack import EmbeddedStack

CHILDREN = {"api": ["api"], "worker": ["worker"], "serve": ["serve"]}


def run_stack(settings: Settings, *, seed: bool) -> int:
    """Run until Ctrl-C (or a child dies); stop everything cleanly either way."""
    stack = EmbeddedStack(settings)
    click.echo(f"starting Slipway (data in {settings.data_dir.resolve()}) ...")
    env = {**os.environ, **stack.start()}
    if sys.stderr.isatty() and "SLIPWAY_LOG_JSON" not in os.environ:
        env["SLIPWAY_LOG_JSON"] = "false"  # a person is reading: plain lines; pipes and files get JSON
    children: dict[str, subprocess.Popen] = {}
    stopping = False
    signalled_group = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping, signalled_group
        stopping = True
        # Ctrl-C in a terminal reaches every process of the group: the children are already
        # stopping, and a second signal would make them give up on stopping gracefully.
        signalled_group = signum == signal.SIGINT

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        effective = stack.settings_for_children()
        _prepare(effective, seed=seed)
        for name, args in CHILDREN.items():
            # SIGTERM from the kernel if we die, even by SIGKILL: they must not outlive the stack.
            children[name] = subprocess.Popen(
                [sys.executable, "-m", "backend.cli", *args], env=env, preexec_fn=die_with_parent()
            )
            stack.adopt(name, children[name])
        _announce(effective, seeded=seed)
        if seed:
            _load_demo_data(effective)
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    click.echo(f"the {name} exited with {child.returncode}; stopping everything", err=True)
                    return 1
            time.sleep(0.5)
        click.echo("stopping ...")
        return 0
    finally:
        _stop_children(children, already_signalled=signalled_group)
        stack.stop()
        click.echo("stopped")


def _prepare(effective: Settings, *, seed: bool) -> None:
    from backend.db.migrate import upgrade
    from backend.identity import service
    from backend.kit.db import run_in_transaction

    upgrade(effective.sqlalchemy_url)
    if seed and run_in_transaction(effective, service.seed_demo):
        click.echo("created the demo tenants `demo` and `acme`")


def _load_demo_data(effective: Settings) -> None:
    """`slipway demo` beside the running API: every step skips what exists and commits per item, so
    the first start fills charts within a minute and a Ctrl-C meanwhile leaves nothing half-loaded."""
    import asyncio
    import threading

    from backend.demo import run_demo

    def load() -> None:
        try:
            asyncio.run(run_demo(effective))
        except Exception as exc:
            click.echo(f"demo data not (fully) loaded: {exc}", err=True)

    threading.Thread(target=load, name="demo-data", daemon=True).start()


def _announce(effective: Settings, *, seeded: bool) -> None:
    from backend.identity.service import DEMO_PASSWORD, DEMO_USERS

    click.echo("")
    click.echo(f"Slipway is starting at {effective.base_url}  (GraphQL: {effective.base_url}/graphql)")
    click.echo(f"model server (Open Inference Protocol v2): {effective.model_server_url}/v2")
    if seeded:
        users = ", ".join(email for members in DEMO_USERS.values() for email, _ in members)
        click.echo(f"demo users: {users}; password: {DEMO_PASSWORD}")
    click.echo("press Ctrl-C to stop")


def _stop_children(children: dict[str, subprocess.Popen], *, already_signalled: bool, timeout: float = 20) -> None:
    if already_signalled:
        deadline = time.monotonic() + timeout / 2
        while time.monotonic() < deadline and any(c.poll() is None for c in children.values()):
            time.sleep(0.1)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children.values():
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
