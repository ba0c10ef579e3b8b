// The tenant's assets; the search lives in the URL.
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";

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
  const [after, setAfter] = useState<string | null>(null);
  const assets = useQuery(AssetsPageDocument, { search: search || null, after });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAfter(null);
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
        {(data) =>
          data.assets.edges.length === 0 ? (
            <Empty>{search ? `No asset matches “${search}”.` : "No assets yet."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Name</th><th>Site</th><th>Kind</th><th>Description</th></tr></thead>
                  <tbody>
                    {data.assets.edges.map(({ node: a }) => (
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
              {data.assets.pageInfo.hasNextPage && (
                <div className="pager">
                  <button type="button" className="secondary" onClick={() => setAfter(data.assets.pageInfo.endCursor ?? null)}>More</button>
                </div>
              )}
            </>
          )
        }
      </QueryResult>
    </>
  );
}
