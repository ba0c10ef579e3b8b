// Where a canary stands: its traffic steps (done, current, to come) and the current share.
import { graphql } from "../../../gql";
import type { CanaryProgress_DeploymentFragment } from "../../../gql/graphql";

graphql(`
  fragment CanaryProgress_Deployment on Deployment {
    status
    canarySteps
    trafficPercent
  }
`);

export function CanaryProgress({ deployment: d }: { deployment: CanaryProgress_DeploymentFragment }) {
  if (d.canarySteps.length === 0) return null;
  const live = d.status === "LIVE";
  // The step reached is the largest one not above the traffic the canary has now.
  const reached = live ? d.canarySteps.length - 1 : d.canarySteps.filter((s) => s <= d.trafficPercent).length - 1;
  return (
    <div>
      <div className="muted" style={{ fontSize: ".85rem" }}>
        Canary steps · {d.trafficPercent}% of traffic now
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
