// The tenant's models with their versions' statuses, live while a version is in flight. Search, status
// and order live in the URL; the server sorts (a sort over the loaded page would misorder the rest).
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { SortHeader } from "../../../components/SortHeader";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ModelOrder, ModelVersionStatus } from "../../../gql/graphql";
import { usePagedQuery } from "../../../lib/paging";
import { LiveVersionBadge } from "../components/VersionBadge";

export const ModelsPageDocument = graphql(`
  query ModelsPage($search: String, $status: ModelVersionStatus, $orderBy: ModelOrder!, $after: String) {
    me { id canUploadModels }
    models(first: 25, after: $after, search: $search, status: $status, orderBy: $orderBy) {
      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const STATUSES: ModelVersionStatus[] = ["VALIDATING", "VALIDATED", "VALIDATION_FAILED", "PENDING_APPROVAL", "APPROVED", "REJECTED"];
const ORDERS: [ModelOrder, string][] = [["NAME", "Name, A to Z"], ["NAME_DESC", "Name, Z to A"], ["NEWEST", "Newest first"]];

function orderFrom(value: string | null): ModelOrder {
  return ORDERS.some(([o]) => o === value) ? (value as ModelOrder) : "NAME";
}

export function ModelsView() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const status = (params.get("status") as ModelVersionStatus | null) ?? null;
  const orderBy = orderFrom(params.get("sort"));
  const [draft, setDraft] = useState({ q: search, status: status ?? "" });
  const models = usePagedQuery(ModelsPageDocument, { search: search || null, status, orderBy }, "models");
  const go = (values: { q: string; status: string; sort: ModelOrder }) => {
    const next: Record<string, string> = {};
    if (values.q) next.q = values.q;
    if (values.status) next.status = values.status;
    if (values.sort !== "NAME") next.sort = values.sort;
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...draft, sort: orderBy });
  };
  const sortBy = (sort: ModelOrder) => go({ q: search, status: status ?? "", sort });
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
        <label>
          Order
          <select value={orderBy} onChange={(e) => sortBy(orderFrom(e.target.value))}>
            {ORDERS.map(([o, words]) => <option key={o} value={o}>{words}</option>)}
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
                  <caption>
                    Models{search ? ` whose name contains “${search}”` : ""}{status ? ` with a version ${status.replace(/_/g, " ").toLowerCase()}` : ""},{" "}
                    {ORDERS.find(([o]) => o === orderBy)?.[1].toLowerCase()}
                  </caption>
                  <thead>
                    <tr>
                      <SortHeader current={orderBy === "NAME" ? "ascending" : orderBy === "NAME_DESC" ? "descending" : undefined}
                        onSort={(d) => sortBy(d === "ascending" ? "NAME" : "NAME_DESC")}>
                        Model
                      </SortHeader>
                      <th>Description</th><th>Versions</th>
                    </tr>
                  </thead>
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
