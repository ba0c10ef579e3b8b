// The viewer's exports, newest first; running ones update live.
import { useState } from "react";
import { Link } from "react-router-dom";
import { Empty, formatTime, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { LiveExport } from "../components/ExportPanel";

export const MyExportsDocument = graphql(`
  query MyExports($after: String) {
    myExports(first: 20, after: $after) {
      edges {
        node {
          ...ExportStatus_Export
          from
          to
          createdAt
          asset { id name }
          tags { name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export function ExportsView() {
  const [after, setAfter] = useState<string | null>(null);
  const exports = useQuery(MyExportsDocument, { after });
  return (
    <>
      <h1>My exports</h1>
      <QueryResult state={exports} what="Loading your exports">
        {(data) =>
          data.myExports.edges.length === 0 ? (
            <Empty>No exports yet: open an asset and press “Export CSV”.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Asset</th><th>Range</th><th>Tags</th><th>Requested</th><th>Status</th></tr></thead>
                  <tbody>
                    {data.myExports.edges.map(({ node: e }) => (
                      <tr key={e.id}>
                        <td><Link to={`/assets/${encodeURIComponent(e.asset.id)}`}>{e.asset.name}</Link></td>
                        <td>{formatTime(e.from)} – {formatTime(e.to)}</td>
                        <td>{e.tags.map((t) => t.name).join(", ")}</td>
                        <td>{formatTime(e.createdAt)}</td>
                        <td style={{ minWidth: 180 }}><LiveExport initial={e} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {data.myExports.pageInfo.hasNextPage && (
                <div className="pager">
                  <button type="button" className="secondary" onClick={() => setAfter(data.myExports.pageInfo.endCursor ?? null)}>Older</button>
                </div>
              )}
            </>
          )
        }
      </QueryResult>
    </>
  );
}
