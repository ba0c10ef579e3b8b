// Where a canary stands: its traffic steps (done, current, to come) and the current share. The
// share is the one the traffic bar beside it shows (from `activeModels`), never the deployment
// row's own copy, so the line and the bar cannot disagree while the split moves.
import { graphql } from "../../../gql";
import type { CanaryProgress_DeploymentFragment } from "../../../gql/graphql";

graphql(`
  fragment CanaryProgress_Deployment on Deployment {
    status
    canarySteps
    trafficPercent
  }
`);

export function CanaryProgress({ deployment: d, percent }: {
  deployment: CanaryProgress_DeploymentFragment;
  /** The canary's share of traffic now, as the environment's traffic bar shows it. */
  percent: number;
}) {
  if (d.canarySteps.length === 0) return null;
  const live = d.status === "LIVE";
  // The step reached is the largest one not above the traffic the canary has now.
  const reached = live ? d.canarySteps.length - 1 : d.canarySteps.filter((s) => s <= percent).length - 1;
  return (
    <div>
      <div className="muted" style={{ fontSize: ".85rem" }}>
        Canary steps · {percent}% of traffic now
      </div>
      <ol className="steps" aria-label="Canary steps">
        {d.canarySteps.map((step, i) => {
          const state = i < reached || (live && i === reached) ? "done" : i === reached ? "current" : "";
          return (
            <li key={`${i}-${step}`} className={state} aria-current={state === "current" ? "step" : undefined}>
              {step}%{state === "done" ? " ✓" : ""}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
