// The tenant's models with their versions' statuses, live while a version is in flight.
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ModelVersionStatus } from "../../../gql/graphql";
import { usePagedQuery } from "../../../lib/paging";
import { LiveVersionBadge } from "../components/VersionBadge";

export const ModelsPageDocument = graphql(`
  query ModelsPage($search: String, $status: ModelVersionStatus, $after: String) {
    me { id canUploadModels }
    models(first: 25, after: $after, search: $search, status: $status) {
      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const STATUSES: ModelVersionStatus[] = ["VALIDATING", "VALIDATED", "VALIDATION_FAILED", "PENDING_APPROVAL", "APPROVED", "REJECTED"];

export function ModelsView() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const status = (params.get("status") as ModelVersionStatus | null) ?? null;
  const [draft, setDraft] = useState({ q: search, status: status ?? "" });
  const models = usePagedQuery(ModelsPageDocument, { search: search || null, status }, "models");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (draft.q) next.q = draft.q;
    if (draft.status) next.status = draft.status;
    setParams(next);
  };
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center", marginBottom: 16 }}>
        <h1 style={{ margin: 0 }}>Models</h1>
        {models.data?.me.canUploadModels && <Link className="button" to="/models/upload">Upload a model</Link>}
      </div>
      <form className="row panel" role="search" onSubmit={submit}>
        <label style={{ flex: 1 }}>
          Name contains
          <input type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          With a version
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">in any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <QueryResult state={models} what="Loading models">
        {() =>
          models.nodes.length === 0 ? (
            <Empty>{search || status ? "No model matches." : "No models yet: upload one."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Model</th><th>Description</th><th>Versions</th></tr></thead>
                  <tbody>
                    {models.nodes.map((m) => (
                      <tr key={m.id}>
                        <td>
                          <Link to={`/models/${encodeURIComponent(m.id)}`}>{m.name}</Link>
                          {m.tags.length > 0 && <div className="muted">{m.tags.join(", ")}</div>}
                        </td>
                        <td>{m.description}</td>
                        <td>
                          {m.versions.map((v) => (
                            <div key={v.id}>
                              <Link to={`/models/versions/${encodeURIComponent(v.id)}`}>v{v.version}</Link>{" "}
                              <LiveVersionBadge id={v.id} status={v.status} />
                            </div>
                          ))}
                          {/* Only the newest three are asked for; numbers have no gaps, so the rest is latestVersion - 3. */}
                          {(m.latestVersion ?? 0) > 3 && <span className="muted">and {(m.latestVersion ?? 0) - 3} older</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore state={models} what="models" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}
