"""One step of a rollout, rollback or retirement: what `reconcile` does with a deployment's row.

Phases of a rollout: load → ready → smoke → (canary steps) → switch. DIRECT and BLUE_GREEN switch the whole
route at once after the checks (the old version keeps serving until then, and is unloaded after);
CANARY moves traffic step by step and checks each step from the runtime's counters.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.config import Settings
from backend.deployments import repository, traffic, transitions, upstream
from backend.deployments.canary import ready_to_check, since, to_dict, verdict
from backend.deployments.lifecycle import DeploymentStatus, Environment, Stage, Strategy
from backend.deployments.models import Deployment
from backend.deployments.runtimes.base import Runtime, RuntimeCheckFailed, ServedVersion

S = DeploymentStatus


class Steps:
    def __init__(self, session: AsyncSession, runtime: Runtime, settings: Settings, row: Deployment) -> None:
        self.session, self.runtime, self.settings, self.row = session, runtime, settings, row
        self._served: ServedVersion | None = None

    async def next(self) -> float | None:
        """Take the next step; the delay before the one after, or None when the deployment is settled."""
        if self.row.desired == S.ROLLED_BACK.value:
            await self.roll_back(f"Rolled back on request: {self.row.baseline.get('reason') or 'no reason given'}.")
            return None
        if self.row.desired == S.RETIRED.value:
            await self.retire()
            return None
        if self.row.status == S.PENDING.value:
            await self._phase(
                "load",
                f"Loading version {await self._number()} on the {self.runtime.name} runtime.",
                status=S.ROLLING_OUT,
            )
        phases = {
            "load": self._load,
            "ready": self._ready,
            "smoke": self._smoke,
            "canary": self._canary,
            "switch": self._switch,
        }
        return await phases[self.row.phase]()

    # --- the phases: each returns the delay before the next look, or None when done -----------------------------

    async def _load(self) -> float | None:
        try:
            await self.runtime.load(await self.version())
        except RuntimeCheckFailed as exc:
            await self.fail(f"Loading version {await self._number()} failed: {exc}")
            return None
        await self._phase("ready", f"Version {await self._number()} is loading; waiting until it is ready.")
        return await self._ready()

    async def _ready(self) -> float | None:
        if not await self.runtime.is_ready(await self.version()):
            waited = await self._elapsed()
            if waited > self.settings.deploy_ready_timeout_seconds:
                await self.fail(
                    f"Version {await self._number()} was not ready after {waited:.0f} s "
                    f"(limit {self.settings.deploy_ready_timeout_seconds:g} s)."
                )
                return None
            return self.settings.deploy_poll_seconds
        await self._phase("smoke", f"Version {await self._number()} is ready; sending a smoke request.")
        return await self._smoke()

    async def _smoke(self) -> float | None:
        try:
            await self.runtime.smoke(await self.version())
        except RuntimeCheckFailed as exc:
            await self.fail(f"The smoke request to version {await self._number()} failed: {exc}")
            return None
        stable = await self._stable()
        if self.row.strategy == Strategy.CANARY.value and stable is not None:
            return await self._start_canary_step(0)
        await self._phase("switch", "Smoke request answered; switching traffic.")
        return await self._switch()

    async def _switch(self) -> float | None:
        self.row.traffic_percent = 100
        await self.session.flush()
        route = await traffic.apply(self.session, self.runtime, self.row.model_id, self.row.environment)
        await self.finish(self.runtime.endpoint_url(route))
        return None

    async def _canary(self) -> float | None:
        elapsed = await self._elapsed()
        canary = since(await self.runtime.stats(await self.version()), self.row.baseline.get("canary"))
        if not ready_to_check(canary, elapsed, self.settings):
            return self.settings.deploy_poll_seconds
        stable_row = await self._stable()
        stable = None
        if stable_row is not None and self.row.traffic_percent < 100:
            reading = await self.runtime.stats(await traffic.served(self.session, stable_row.version_id))
            stable = since(reading, self.row.baseline.get("stable"))
        failure, numbers = verdict(canary, stable, self.settings)
        step = f"step {self.row.step + 1} of {len(self.row.canary_steps)} ({self.row.traffic_percent} %)"
        if failure is not None:
            # No person asked for this rollback: the chain still says why production traffic moved.
            await audit.record(
                self.session,
                tenant_id=self.row.tenant_id,
                actor=None,
                action="deployment.rolled_back_automatically",
                target_type="Deployment",
                target_id=str(self.row.id),
                details={"step": step, "failure": failure},
            )
            await self.roll_back(f"Canary check failed at {step}: {failure}. Rolled back automatically.")
            return None
        if self.row.step + 1 >= len(self.row.canary_steps):
            await transitions.record(self.session, self.row, f"Canary {step} passed: {numbers}.")
            route = await traffic.desired(self.session, self.row.model_id, self.row.environment)
            await self.finish(self.runtime.endpoint_url(route))
            return None
        await transitions.record(self.session, self.row, f"Canary {step} passed: {numbers}.")
        return await self._start_canary_step(self.row.step + 1)

    async def _start_canary_step(self, index: int) -> float:
        share = self.row.canary_steps[index]
        stable = await self._stable()
        baseline = {"canary": to_dict(await self.runtime.stats(await self.version()))}
        if stable is not None:
            baseline["stable"] = to_dict(
                await self.runtime.stats(await traffic.served(self.session, stable.version_id))
            )
            stable.traffic_percent = 100 - share
        self.row.step, self.row.baseline, self.row.traffic_percent = index, baseline, share
        await self.session.flush()
        await traffic.apply(self.session, self.runtime, self.row.model_id, self.row.environment)
        await self._phase(
            "canary",
            f"Canary step {index + 1} of {len(self.row.canary_steps)}: {share} % of "
            f"{self.row.environment.lower()} traffic to version {await self._number()}.",
        )
        if stable is not None:
            await transitions.announce(self.session, stable)
        return self.settings.deploy_poll_seconds

    # --- endings ----------------------------------------------------------------------------------------------------

    async def finish(self, endpoint_url: str) -> None:
        """The new version takes the whole environment; the one it replaced retires and is unloaded."""
        stable = await self._stable()
        self.row.endpoint_url, self.row.traffic_percent = endpoint_url, 100
        if stable is not None:
            await transitions.record(
                self.session, stable, f"Replaced by version {await self._number()}.", status=S.RETIRED, traffic=0
            )
        await transitions.record(
            self.session,
            self.row,
            f"Live: 100 % of {self.row.environment.lower()} traffic at {endpoint_url}.",
            status=S.LIVE,
            traffic=100,
        )
        await self._leave_shadow()
        if stable is not None:
            await traffic.unload_unused(self.session, self.runtime, self.row.model_id, [stable.version_id])

    async def _leave_shadow(self) -> None:
        """A shadow that became production version is not a shadow any more (its stage follows production)."""
        if self.row.environment != Environment.PRODUCTION.value:
            return
        stage = await repository.stage_of(self.session, self.row.version_id, lock=True)
        if stage is not None and stage.stage == Stage.SHADOW.value:
            stage.stage = Stage.NONE.value
            await self.session.flush()

    async def fail(self, reason: str) -> None:
        """FAILED: the version never took traffic, or it goes back to the stable one; the stable one is untouched."""
        await self._restore_stable(self.row.traffic_percent > 0)
        stable = await self._stable()
        keeps = f" Version {await self._number_of(stable)} keeps serving." if stable else ""
        await transitions.record(self.session, self.row, reason + keeps, status=S.FAILED, traffic=0)
        await traffic.unload_unused(self.session, self.runtime, self.row.model_id, [self.row.version_id])

    async def roll_back(self, reason: str) -> None:
        """Back to the deployment this one replaced: it takes 100 % again (restored from RETIRED if need be)."""
        previous = await repository.for_worker(self.session, self.row.previous_id) if self.row.previous_id else None
        self.row.desired = S.ROLLED_BACK.value
        await transitions.record(self.session, self.row, reason, status=S.ROLLED_BACK, traffic=0)
        if previous is not None and previous.status in (S.LIVE.value, S.RETIRED.value):
            await transitions.record(
                self.session,
                previous,
                f"Serving 100 % again: version {await self._number()} was rolled back.",
                status=S.LIVE,
                traffic=100,
            )
        await traffic.apply(self.session, self.runtime, self.row.model_id, self.row.environment)
        await traffic.unload_unused(self.session, self.runtime, self.row.model_id, [self.row.version_id])

    async def retire(self) -> None:
        await transitions.record(
            self.session,
            self.row,
            "Retired: the endpoint is gone and the version unloaded.",
            status=S.RETIRED,
            traffic=0,
        )
        self.row.endpoint_url = None
        await traffic.apply(self.session, self.runtime, self.row.model_id, self.row.environment)
        await traffic.unload_unused(self.session, self.runtime, self.row.model_id, [self.row.version_id])

    async def _restore_stable(self, had_traffic: bool) -> None:
        stable = await self._stable()
        self.row.traffic_percent = 0
        if stable is not None:
            stable.traffic_percent = 100
        await self.session.flush()
        if had_traffic:
            await traffic.apply(self.session, self.runtime, self.row.model_id, self.row.environment)
        if stable is not None:
            await transitions.announce(self.session, stable)

    # --- helpers ----------------------------------------------------------------------------------------------------

    async def version(self) -> ServedVersion:
        if self._served is None:
            self._served = await traffic.served(self.session, self.row.version_id)
        return self._served

    async def _number(self) -> int:
        return (await self.version()).version

    async def _number_of(self, row: Deployment | None) -> int | None:
        return (await upstream.version(self.session, row.version_id)).version if row else None

    async def _stable(self) -> Deployment | None:
        """The LIVE deployment this rollout replaces (None on a first deployment)."""
        if self.row.previous_id is None:
            return None
        previous = await repository.for_worker(self.session, self.row.previous_id)
        return previous if previous is not None and previous.status == S.LIVE.value else None

    async def _phase(self, phase: str, message: str, *, status: DeploymentStatus | None = None) -> None:
        self.row.phase, self.row.phase_started_at = phase, await repository.now(self.session)
        await transitions.record(self.session, self.row, message, status=status)

    async def _elapsed(self) -> float:
        started = self.row.phase_started_at or await repository.now(self.session)
        return (await repository.clock(self.session) - started).total_seconds()
