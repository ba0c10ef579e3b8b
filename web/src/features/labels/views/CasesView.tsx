// Cases to label (labelers see theirs and unassigned ones), filterable by status.
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { Empty, formatTime, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CaseStatus } from "../../../gql/graphql";
import { useQuery } from "../../../lib/hooks";

export const CasesPageDocument = graphql(`
  query CasesPage($status: CaseStatus, $after: String) {
    cases(first: 25, after: $after, status: $status) {
      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const STATUSES: CaseStatus[] = ["OPEN", "IN_REVIEW", "DONE"];

export function CasesView() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") as CaseStatus | null) ?? null;
  const [after, setAfter] = useState<string | null>(null);
  const cases = useQuery(CasesPageDocument, { status, after });
  return (
    <>
      <h1>Labeling</h1>
      <div className="row panel">
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => { setAfter(null); setParams(e.target.value ? { status: e.target.value } : {}); }}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
          </select>
        </label>
      </div>
      <QueryResult state={cases} what="Loading cases">
        {(data) =>
          data.cases.edges.length === 0 ? (
            <Empty>No cases{status ? ` in ${status.replace("_", " ")}` : ""}.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Case</th><th>Status</th><th>Mask</th><th>Assignee</th><th>Updated</th></tr></thead>
                  <tbody>
                    {data.cases.edges.map(({ node: c }) => (
                      <tr key={c.id}>
                        <td><Link to={`/labeling/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link></td>
                        <td><span className="badge">{c.status.replace("_", " ")}</span></td>
                        <td>{c.currentLabel ? `v${c.currentLabel.version}` : <span className="muted">none</span>}</td>
                        <td>{c.assignee?.email ?? <span className="muted">unassigned</span>}</td>
                        <td>{formatTime(c.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {data.cases.pageInfo.hasNextPage && (
                <div className="pager">
                  <button type="button" className="secondary" onClick={() => setAfter(data.cases.pageInfo.endCursor ?? null)}>More</button>
                </div>
              )}
            </>
          )
        }
      </QueryResult>
    </>
  );
}
