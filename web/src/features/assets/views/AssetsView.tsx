// The tenant's assets; the search lives in the URL.
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { usePagedQuery } from "../../../lib/paging";

export const AssetsPageDocument = graphql(`
  query AssetsPage($search: String, $after: String) {
    assets(search: $search, first: 50, after: $after) {
      edges { node { id name site kind description } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export function AssetsView() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const [draft, setDraft] = useState(search);
  const assets = usePagedQuery(AssetsPageDocument, { search: search || null }, "assets");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft ? { q: draft } : {});
  };
  return (
    <>
      <h1>Assets</h1>
      <form className="row panel" role="search" onSubmit={submit}>
        <label style={{ flex: 1 }}>
          Search by name, site or kind
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <QueryResult state={assets} what="Loading assets">
        {() =>
          assets.nodes.length === 0 ? (
            <Empty>{search ? `No asset matches “${search}”.` : "No assets yet."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Name</th><th>Site</th><th>Kind</th><th>Description</th></tr></thead>
                  <tbody>
                    {assets.nodes.map((a) => (
                      <tr key={a.id}>
                        <td><Link to={`/assets/${encodeURIComponent(a.id)}`}>{a.name}</Link></td>
                        <td>{a.site}</td>
                        <td>{a.kind}</td>
                        <td>{a.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore state={assets} what="assets" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}
