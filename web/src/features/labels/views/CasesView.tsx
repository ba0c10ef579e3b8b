// Cases to label (labelers see theirs and unassigned ones), filterable by status and "assigned to
// me", a page at a time; admins and ML engineers create cases here.
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CaseStatus } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";
import { NewCaseForm } from "../components/NewCaseForm";
import { LabelSets } from "../components/LabelSets";
import "../labels.css";

export const CasesPageDocument = graphql(`
  query CasesPage($status: CaseStatus, $mine: Boolean!, $after: String) {
    cases(first: 25, after: $after, status: $status, assignedToMe: $mine) {
      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CasesViewerDocument = graphql(`
  query CasesViewer { me { id canManageCases } }
`);

const STATUSES: CaseStatus[] = ["OPEN", "IN_REVIEW", "DONE"];

export function CasesView() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const status = (params.get("status") as CaseStatus | null) ?? null;
  const mine = params.get("mine") === "1";
  const me = useQuery(CasesViewerDocument);
  const cases = usePagedQuery(CasesPageDocument, { status, mine }, "cases");
  const [creating, setCreating] = useState(false);
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const filtered = [status && status.replace("_", " "), mine && "assigned to you"].filter(Boolean).join(", ");
  return (
    <>
      <div className="case-head">
        <h1>Labeling</h1>
        {me.data?.me.canManageCases && (
          <button type="button" className={creating ? "secondary" : undefined} aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {creating ? "Close the form" : "New case"}
          </button>
        )}
      </div>
      {creating && <NewCaseForm onCreated={(id) => navigate(`/labeling/cases/${encodeURIComponent(id)}`)} />}
      <div className="row panel" style={{ alignItems: "flex-end" }}>
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => set("status", e.target.value || null)}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={mine} onChange={(e) => set("mine", e.target.checked ? "1" : null)} /> Assigned to me
        </label>
      </div>
      <QueryResult state={cases} what="Loading cases">
        {() =>
          cases.nodes.length === 0 ? (
            <Empty>No cases{filtered ? ` (${filtered})` : ""}.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Labeling cases{filtered ? `, ${filtered}` : ""}, newest first</caption>
                  <thead><tr><th scope="col">Case</th><th scope="col">Status</th><th scope="col">Mask</th><th scope="col">Assignee</th><th scope="col">Updated</th></tr></thead>
                  <tbody>
                    {cases.nodes.map((c) => (
                      <tr key={c.id}>
                        <td><Link to={`/labeling/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link></td>
                        <td><span className="badge">{c.status.replace("_", " ")}</span></td>
                        <td>{c.currentLabel ? `v${c.currentLabel.version}` : <span className="muted">none</span>}</td>
                        <td>{c.assignee ? (c.assignee.id === me.data?.me.id ? <strong>you</strong> : c.assignee.email) : <span className="muted">unassigned</span>}</td>
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
      <LabelSets />
    </>
  );
}
