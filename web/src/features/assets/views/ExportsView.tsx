// The viewer's exports, newest first; running ones update live. A finished export's CSV link is
// signed for a few minutes, so Download asks the API for a fresh one on each click instead of
// keeping the one that came with the page (an old one lands on the storage's "expired" XML).
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { FreshDownload } from "../../../components/FreshDownload";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, ErrorMessage, Loading, NotAllowed, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ExportStatus as Status, ExportStatus_ExportFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useClient, useMutation, useQuery, useSubscription } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";
import { ExportWatchDocument, RetryExportDocument } from "../components/ExportPanel";
import { ExportStatus, FINAL_EXPORT } from "../components/ExportStatus";

export const MyExportsDocument = graphql(`
  query MyExports($status: ExportStatus, $after: String) {
    myExports(first: 20, after: $after, status: $status) {
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

export const ExportsViewerDocument = graphql(`
  query ExportsViewer {
    me { id role canExportHistory }
  }
`);

const STATUSES: [Status, string][] = [["QUEUED", "queued"], ["RUNNING", "running"], ["SUCCEEDED", "ready to download"], ["FAILED", "failed"]];

/** A new signed link on each read of `downloadUrl`. */
export const ExportDownloadDocument = graphql(`
  query ExportDownload($id: ID!) {
    historyExport(id: $id) { id downloadUrl }
  }
`);

/** One export, followed live until final; its download signed when pressed. */
function ExportCell({ initial }: { initial: ExportStatus_ExportFragment }) {
  const client = useClient();
  const [exp, setExp] = useState(initial);
  const [retry, retried] = useMutation(RetryExportDocument);
  const liveError = useSubscription(ExportWatchDocument, { id: exp.id }, (d) => setExp(d.exportUpdated), { skip: FINAL_EXPORT.has(exp.status) });
  const again = async () => {
    const r = await retry({ id: exp.id });
    if (r) setExp(r.retryExport);
  };
  const fresh = async () => (await client.request(ExportDownloadDocument, { id: exp.id })).historyExport.downloadUrl;
  return (
    <div className="stack" style={{ gap: 6 }}>
      {/* Without its own link: the one it came with expires while the page stays open. */}
      <ExportStatus exp={{ ...exp, downloadUrl: null }} onRetry={() => void again()} />
      {exp.status === "SUCCEEDED" && <FreshDownload label="Download CSV" fetchUrl={fresh} />}
      {liveError && <ErrorMessage error={liveError} />}
      {retried.error && <ErrorMessage error={retried.error} />}
    </div>
  );
}

export function ExportsView() {
  const viewer = useQuery(ExportsViewerDocument);
  const allowed = viewer.data?.me.canExportHistory === true;
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find(([s]) => s === params.get("status"))?.[0] ?? null;
  const exports = usePagedQuery(MyExportsDocument, { status }, "myExports", { skip: !allowed });
  if (!allowed) {
    return (
      <>
        <h1>My exports</h1>
        {viewer.data ? (
          <NotAllowed role={viewer.data.me.role} action="export asset history" needs="data scientist, ml engineer or admin" />
        ) : viewer.error ? (
          <ErrorMessage error={viewer.error} onRetry={viewer.refetch} />
        ) : (
          <Loading what="Loading" />
        )}
      </>
    );
  }
  return (
    <>
      <h1>My exports</h1>
      <div className="row filters" role="search" aria-label="Filter exports" style={{ marginBottom: 12 }}>
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
            <option value="">any</option>
            {STATUSES.map(([s, words]) => <option key={s} value={s}>{words}</option>)}
          </select>
        </label>
      </div>
      <QueryResult state={exports} what="Loading your exports">
        {() =>
          exports.nodes.length === 0 ? (
            <Empty>{status ? "No export in this status." : "No exports yet: open an asset and press “Export CSV”."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption>Your history exports{status ? ` (${STATUSES.find(([s]) => s === status)?.[1]})` : ""}, newest first</caption>
                  <thead><tr><th>Asset</th><th>Range</th><th>Tags</th><th>Requested</th><th>Status</th></tr></thead>
                  <tbody>
                    {exports.nodes.map((e) => (
                      <tr key={e.id}>
                        <td><Link to={`/assets/${encodeURIComponent(e.asset.id)}`}>{e.asset.name}</Link></td>
                        <td>{formatTime(e.from)} – {formatTime(e.to)}</td>
                        <td>{e.tags.map((t) => t.name).join(", ")}</td>
                        <td>{formatTime(e.createdAt)}</td>
                        <td style={{ minWidth: 180 }}><ExportCell initial={e} /></td>
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
