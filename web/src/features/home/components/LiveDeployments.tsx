// Engineers and admins: what serves now, per model and environment, with its share of the traffic
// and its health as the server reports it; rollouts under way and recent failures come first.
import { useState } from "react";
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { Overview_DeploymentFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { age, Block } from "./Block";

graphql(`
  fragment Overview_Deployment on Deployment {
    id environment status trafficPercent message updatedAt
    model { id name }
    version { id version }
  }
`);

export const OverviewDeploymentsDocument = graphql(`
  query OverviewDeployments {
    live: deployments(status: LIVE, first: 50) { edges { node { ...Overview_Deployment } } pageInfo { hasNextPage } }
    rolling: deployments(status: ROLLING_OUT, first: 20) { edges { node { ...Overview_Deployment } } }
    failed: deployments(status: FAILED, first: 5) { edges { node { ...Overview_Deployment } } }
    rolledBack: deployments(status: ROLLED_BACK, first: 5) { edges { node { ...Overview_Deployment } } }
  }
`);

/** Failures older than this are history, not something to look at now. */
const RECENT_MS = 24 * 3600 * 1000;

type D = Overview_DeploymentFragment;
export interface Health { word: string; tone: "ok" | "busy" | "bad"; detail: string }

/** Health from the server's own statuses: a failure or rollback of the same route in the last day, a
 * rollout under way beside it, or serving its whole share. */
export function health(d: D, rolling: D[], trouble: D[]): Health {
  const same = (x: D) => x.model.id === d.model.id && x.environment === d.environment;
  const canary = rolling.find(same);
  const failure = trouble.find(same);
  if (d.status === "ROLLING_OUT") return { word: "Rolling out", tone: "busy", detail: d.message };
  if (failure) {
    const what = failure.status === "ROLLED_BACK" ? "rolled back" : "failed";
    return { word: "Check", tone: "bad", detail: `v${failure.version.version} ${what} ${age(failure.updatedAt)}: ${failure.message}` };
  }
  if (canary) return { word: "Canary", tone: "busy", detail: `v${canary.version.version} takes ${canary.trafficPercent}% while it rolls out` };
  // The server's message for a LIVE deployment repeats the endpoint URL; when it changed says more here.
  return { word: "Healthy", tone: "ok", detail: `serving since ${formatTime(d.updatedAt)}` };
}

function route(d: D): string {
  return `${d.model.name}-${d.environment.toLowerCase()}`;
}

export function LiveDeployments() {
  const state = useQuery(OverviewDeploymentsDocument);
  // "The last day" is counted from when the page opened; a refetch does not move it.
  const [now] = useState(() => Date.now());
  return (
    <Block title="Live deployments" to="/models" linkText="All models" state={state}
      isEmpty={(d) => d.live.edges.length === 0 && d.rolling.edges.length === 0}
      empty={<>Nothing is deployed. Open a validated version from <Link to="/models">Models</Link> and deploy it to staging.</>}>
      {(d) => {
        const rolling = d.rolling.edges.map((e) => e.node);
        const trouble = [...d.failed.edges, ...d.rolledBack.edges].map((e) => e.node)
          .filter((x) => now - new Date(x.updatedAt).getTime() < RECENT_MS);
        const rows = [...rolling, ...d.live.edges.map((e) => e.node)]
          .map((x) => ({ d: x, h: health(x, rolling, trouble) }))
          // What needs a look first, then by route name.
          .sort((a, b) => rank(a.h) - rank(b.h) || route(a.d).localeCompare(route(b.d)));
        return (
          <>
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Deployments serving now, with their share of traffic and health</caption>
                <thead><tr><th>Endpoint</th><th>Version</th><th>Share</th><th>Health</th></tr></thead>
                <tbody>
                  {rows.map(({ d: x, h }) => (
                    <tr key={x.id}>
                      <td><Link to={`/models/${encodeURIComponent(x.model.id)}/deployments`}>{route(x)}</Link></td>
                      <td><Link to={`/deployments/${encodeURIComponent(x.id)}`} aria-label={`${route(x)} v${x.version.version} deployment`}>v{x.version.version}</Link></td>
                      <td>{x.trafficPercent}%</td>
                      <td>
                        <span className={`badge ${h.tone}`}>{h.word}</span>
                        {h.detail && <div className="muted overview-detail">{h.detail}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {d.live.pageInfo.hasNextPage && <p className="muted">The 50 newest live deployments are shown; each model's Deployments page has the rest.</p>}
          </>
        );
      }}
    </Block>
  );
}

function rank(h: Health): number {
  return h.tone === "bad" ? 0 : h.tone === "busy" ? 1 : 2;
}
