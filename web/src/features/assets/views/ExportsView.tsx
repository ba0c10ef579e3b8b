// The viewer's exports, newest first; running ones update live.
import { Link } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { usePagedQuery } from "../../../lib/paging";
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
  const exports = usePagedQuery(MyExportsDocument, {}, "myExports");
  return (
    <>
      <h1>My exports</h1>
      <QueryResult state={exports} what="Loading your exports">
        {() =>
          exports.nodes.length === 0 ? (
            <Empty>No exports yet: open an asset and press “Export CSV”.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Asset</th><th>Range</th><th>Tags</th><th>Requested</th><th>Status</th></tr></thead>
                  <tbody>
                    {exports.nodes.map((e) => (
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
              <LoadMore state={exports} what="exports" label="Older" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}
