// Cases to label (labelers see theirs and unassigned ones), filterable by status.
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CaseStatus } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { usePagedQuery } from "../../../lib/paging";

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
  const cases = usePagedQuery(CasesPageDocument, { status }, "cases");
  return (
    <>
      <h1>Labeling</h1>
      <div className="row panel">
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
          </select>
        </label>
      </div>
      <QueryResult state={cases} what="Loading cases">
        {() =>
          cases.nodes.length === 0 ? (
            <Empty>No cases{status ? ` in ${status.replace("_", " ")}` : ""}.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Case</th><th>Status</th><th>Mask</th><th>Assignee</th><th>Updated</th></tr></thead>
                  <tbody>
                    {cases.nodes.map((c) => (
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
              <LoadMore state={cases} what="cases" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}
