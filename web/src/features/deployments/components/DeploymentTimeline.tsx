// What happened to a deployment, oldest first: each status change, traffic share and check result.
import { graphql } from "../../../gql";
import type { DeploymentTimeline_DeploymentFragment } from "../../../gql/graphql";
import { formatMoment } from "../../../lib/format";
import { DeploymentBadge } from "./DeploymentBadge";

graphql(`
  fragment DeploymentTimeline_Deployment on Deployment {
    events { at status trafficPercent message }
  }
`);

export function DeploymentTimeline({ deployment }: { deployment: DeploymentTimeline_DeploymentFragment }) {
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Timeline</h2>
      {deployment.events.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" style={{ margin: 0, paddingLeft: 20 }} aria-live="polite">
          {deployment.events.map((e, i) => (
            <li key={i} style={{ marginBottom: 6 }}>
              <DeploymentBadge status={e.status} /> <span className="muted">{formatMoment(e.at)} · {e.trafficPercent}% of traffic</span>
              {e.message && <div>{e.message}</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
