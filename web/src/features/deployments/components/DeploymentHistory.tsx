// Every deployment of a model, newest first, a page at a time, filtered by environment and status on
// the server (the filters live in the URL, so a link keeps them).
import { forwardRef, useImperativeHandle } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { DeploymentStatus, Environment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { usePagedQuery } from "../../../lib/paging";
import { DeploymentBadge, words } from "./DeploymentBadge";

export const DeploymentHistoryDocument = graphql(`
  query DeploymentHistory($modelId: ID!, $environment: Environment, $status: DeploymentStatus, $after: String) {
    deployments(modelId: $modelId, environment: $environment, status: $status, first: 25, after: $after) {
      edges {
        node { id environment strategy status trafficPercent createdAt version { id version } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const ENVIRONMENTS: Environment[] = ["STAGING", "PRODUCTION"];
const STATUSES: DeploymentStatus[] = ["PENDING", "ROLLING_OUT", "LIVE", "FAILED", "ROLLED_BACK", "RETIRED"];

function pick<T extends string>(value: string | null, allowed: T[]): T | null {
  return allowed.find((a) => a === value) ?? null;
}

export interface DeploymentHistoryHandle {
  refetch: () => void;
}

export const DeploymentHistory = forwardRef<DeploymentHistoryHandle, { modelId: string }>(function DeploymentHistory({ modelId }, ref) {
  const [params, setParams] = useSearchParams();
  const environment = pick(params.get("environment"), ENVIRONMENTS);
  const status = pick(params.get("status"), STATUSES);
  const list = usePagedQuery(DeploymentHistoryDocument, { modelId, environment, status }, "deployments");
  useImperativeHandle(ref, () => ({ refetch: list.refetch }), [list.refetch]);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filtered = environment || status;
  return (
    <section aria-labelledby="all-deployments">
      <h2 id="all-deployments">All deployments</h2>
      <div className="row filters" role="group" aria-label="Filter deployments" style={{ marginBottom: 12 }}>
        <label>
          Environment
          <select value={environment ?? ""} onChange={(e) => set("environment", e.target.value)}>
            <option value="">any</option>
            {ENVIRONMENTS.map((e) => <option key={e} value={e}>{words(e)}</option>)}
          </select>
        </label>
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{words(s)}</option>)}
          </select>
        </label>
      </div>
      <QueryResult state={list} what="Loading deployments">
        {() =>
          list.nodes.length === 0 ? (
            <Empty>{filtered ? "No deployment matches these filters." : "No deployments yet: open a validated version and deploy it to staging."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption>
                    {filtered
                      ? `Deployments${environment ? ` to ${environment.toLowerCase()}` : ""}${status ? `, ${words(status).toLowerCase()}` : ""}, newest first`
                      : "Every deployment of this model, newest first"}
                  </caption>
                  <thead><tr><th>Version</th><th>Environment</th><th>Strategy</th><th>Status</th><th>Traffic</th><th>Started</th></tr></thead>
                  <tbody>
                    {list.nodes.map((d) => (
                      <tr key={d.id}>
                        <td><Link to={`/deployments/${encodeURIComponent(d.id)}`}>v{d.version.version} → {d.environment.toLowerCase()}</Link></td>
                        <td>{words(d.environment)}</td>
                        <td>{words(d.strategy)}</td>
                        <td><DeploymentBadge status={d.status} /></td>
                        <td>{d.trafficPercent}%</td>
                        <td>{formatTime(d.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore state={list} what="deployments" label="Older" />
            </>
          )
        }
      </QueryResult>
    </section>
  );
});
