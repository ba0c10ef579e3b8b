"""The `slipway` command: start everything, migrate, manage users and tokens, verify the audit chain."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backend.config import Settings, settings
from backend.kit.db import run_in_transaction

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from backend.embedded.postgres import EmbeddedPostgres


class _Commands(click.Group):
    """Domain errors end a command with their message, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from sqlalchemy.exc import OperationalError

        from backend.kit.errors import SlipwayError

        try:
            return super().invoke(ctx)
        except SlipwayError as exc:
            raise click.ClickException(exc.message) from None
        except (OperationalError, OSError) as exc:
            raise click.ClickException(f"the database cannot be reached: {exc}") from None


@click.group(cls=_Commands)
def main() -> None:
    """Slipway: from a data scientist's notebook to production."""


@main.command()
@click.option("--seed/--no-seed", default=True, help="Create the demo tenants and users on first start.")
def up(seed: bool) -> None:
    """Start Postgres and S3 (embedded unless configured), migrate, then the API and a worker."""
    from backend.supervisor import run_stack

    sys.exit(run_stack(settings, seed=seed))


@main.command()
def migrate() -> None:
    """Apply every pending database migration."""
    from backend.db.migrate import upgrade

    with _embedded(settings) as effective:
        upgrade(effective.sqlalchemy_url)
    click.echo("database is at the newest migration")


@main.command()
def worker() -> None:
    """Run Dramatiq workers for every actor (needs SLIPWAY_DATABASE_URL)."""
    args = [
        sys.executable,
        "-m",
        "dramatiq",
        "tasks.worker",
        "--processes",
        str(settings.worker_processes),
        "--threads",
        str(settings.worker_threads),
        "--skip-logging",
    ]
    os.execv(sys.executable, args)


@main.command()
def api() -> None:
    """Run the API alone (needs SLIPWAY_DATABASE_URL and S3 settings)."""
    import uvicorn

    uvicorn.run(
        "backend.api.app:create_app",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=settings.api_workers,
        log_config=None,
        ws="websockets-sansio",
        proxy_headers=True,
    )


@main.command()
@click.option(
    "--preload",
    multiple=True,
    metavar="TENANT_UUID:VERSION_UUID",
    help="Load this model version at start (repeatable; also SLIPWAY_SERVE_PRELOAD, comma-separated).",
)
@click.option(
    "--answer-routes",
    is_flag=True,
    help="Answer {model}-staging and {model}-production with the one --preload version (a pod behind "
    "a route Service, as the kubernetes runtime starts them).",
)
def serve(preload: tuple[str, ...], answer_routes: bool) -> None:
    """Run the model server alone (needs SLIPWAY_DATABASE_URL and S3 settings)."""
    import uvicorn

    from backend.deployments.traffic import live_routes
    from backend.monitoring.repository import logging_targets
    from backend.serving.app import create_app, parse_preload

    try:
        pairs = parse_preload([settings.serve_preload, *preload])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if answer_routes and len(pairs) != 1:
        raise click.ClickException("--answer-routes takes exactly one --preload version: a route answers with one.")
    uvicorn.run(
        # The composition root hands the server the rollout worker's query: serving never imports deployments.
        create_app(
            settings,
            preload=pairs,
            answer_routes=answer_routes,
            live_routes=live_routes,
            payload_targets=logging_targets,
        ),
        host=settings.serve_host,
        port=settings.serve_port,
        log_config=None,
        proxy_headers=True,
    )


@main.command()
@click.argument("email")
@click.option("--ttl", type=int, default=None, help="Lifetime in seconds (default: SLIPWAY_JWT_TTL_SECONDS).")
def token(email: str, ttl: int | None) -> None:
    """Print an access token for the local user EMAIL."""
    if settings.oidc_issuer:
        raise click.ClickException("SLIPWAY_OIDC_ISSUER is set: the API accepts only that issuer's tokens.")
    from backend.identity import service
    from backend.identity.tokens import Issuer, load_signing_key

    async def issue(session) -> str:
        return await service.token_for(session, Issuer(effective, load_signing_key(effective)), email=email, ttl=ttl)

    with _embedded(settings) as effective:
        click.echo(run_in_transaction(effective, issue))


@main.group()
def user() -> None:
    """Manage local users."""


@user.command("add")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "ml_engineer", "data_scientist", "labeler", "viewer"])
)
@click.option("--tenant", required=True, help="Tenant slug; created when missing.")
@click.option("--password", default=None, help="Password for built-in sign-in (prompted when omitted).")
@click.option("--oidc-only", is_flag=True, help="No password: the user signs in through SLIPWAY_OIDC_ISSUER.")
def user_add(email: str, role: str, tenant: str, password: str | None, oidc_only: bool) -> None:
    """Add a user EMAIL with ROLE to TENANT."""
    from backend.identity import service

    if password is None and not oidc_only:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def add(session) -> str:
        row = await service.ensure_tenant(session, slug=tenant)
        created = await service.add_user(session, None, tenant=row, email=email, role=role, password=password)
        return f"added {created.email} ({created.role}) to tenant {row.slug}"

    with _embedded(settings) as effective:
        click.echo(run_in_transaction(effective, add))


@main.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command("verify")
@click.option("--tenant", default=None, help="Verify only this tenant (slug).")
def audit_verify(tenant: str | None) -> None:
    """Recompute every tenant's hash chain and check the deployment timeline against it; exit 1 on any problem."""
    from backend.audit import service
    from backend.deployments import history

    async def verify(session: AsyncSession) -> list[service.ChainReport]:
        reports = await service.verify_tenants(session, slug=tenant)
        for report in reports:
            report.problems += [f"timeline: {p}" for p in await history.check_against_audit(session, report.tenant_id)]
        return reports

    with _embedded(settings) as effective:
        reports = run_in_transaction(effective, verify)
    broken = False
    for report in reports:
        status = "ok" if report.ok else "BROKEN"
        click.echo(f"tenant {report.tenant_slug} ({report.tenant_id}): {report.rows} rows, {status}")
        for problem in report.problems:
            broken = True
            click.echo(f"  - {problem}")
    sys.exit(1 if broken else 0)


@main.command()
def seed() -> None:
    """Create the demo tenants and users (no-op when they exist)."""
    from backend.identity import service

    with _embedded(settings) as effective:
        created = run_in_transaction(effective, service.seed_demo)
    click.echo("demo data created" if created else "demo data already present")


@main.command()
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True, help="Days of 1 Hz samples.")
@click.option("--tags", type=click.IntRange(1, 200), default=4, show_default=True, help="Tags per demo asset.")
def demo(days: int, tags: int) -> None:
    """Create the demo tenants and each area's demo data (skips what exists)."""
    import asyncio

    from backend.db.migrate import upgrade
    from backend.demo import run_demo, s3_settings

    with _embedded(settings) as effective, s3_settings(effective) as complete:
        upgrade(complete.sqlalchemy_url)
        asyncio.run(run_demo(complete, days=days, tags=tags))


@main.command("export-schema")
@click.option("--output", type=click.Path(path_type=Path), default=Path("graphql/schema.graphql"))
@click.option("--check", is_flag=True, help="Exit 1 when the file differs from the code instead of writing it.")
def export_schema(output: Path, check: bool) -> None:
    """Write the GraphQL SDL that the code defines."""
    from backend.api.schema import schema_sdl

    sdl = schema_sdl()
    if check:
        if not output.exists() or output.read_text() != sdl:
            click.echo(f"{output} is out of date: run `slipway export-schema`", err=True)
            sys.exit(1)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(sdl)
    click.echo(f"wrote {output}")


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 when a generated doc is stale instead of writing it.")
def docs(check: bool) -> None:
    """Regenerate docs/configuration.md (from Settings) and the roles table of docs/security.md."""
    from backend import docs_gen

    if check:
        stale = docs_gen.stale()
        for path in stale:
            click.echo(f"{path} is out of date: run `slipway docs`", err=True)
        sys.exit(1 if stale else 0)
    changed = docs_gen.write()
    click.echo("\n".join(f"wrote {path}" for path in changed) or "docs are up to date")


class _embedded:
    """Settings pointing at a database: the configured one, or the embedded one for this command.

    An embedded server that `slipway up` already runs is used and left running; one this
    command had to start is stopped again when it ends.
    """

    def __init__(self, base: Settings) -> None:
        self.base = base
        self.started: EmbeddedPostgres | None = None

    def __enter__(self) -> Settings:
        if not self.base.embedded_database:
            return self.base
        from backend.embedded.postgres import EmbeddedPostgres

        pg = EmbeddedPostgres(self.base.data_dir.resolve() / "postgres")
        was_running = pg.running()
        url = pg.start()
        self.started = None if was_running else pg
        return self.base.model_copy(update={"database_url": url})

    def __exit__(self, *exc: object) -> None:
        if self.started is not None:
            self.started.stop()


if __name__ == "__main__":
    main()
