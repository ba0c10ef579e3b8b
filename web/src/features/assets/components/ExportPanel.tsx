// Export the chart's range and tags as CSV; progress arrives over the subscription.
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { formatInstant, type Zone } from "../../../components/timeZone";
import { graphql } from "../../../gql";
import type { ExportStatus_ExportFragment } from "../../../gql/graphql";
import { useMutation, useSubscription } from "../../../lib/hooks";
import { ExportStatus } from "./ExportStatus";

export const ExportHistoryDocument = graphql(`
  mutation ExportHistory($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {
    exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) { ...ExportStatus_Export }
  }
`);

export const ExportWatchDocument = graphql(`
  subscription ExportWatch($id: ID!) {
    exportUpdated(id: $id) { ...ExportStatus_Export }
  }
`);

export const RetryExportDocument = graphql(`
  mutation RetryExport($id: ID!) {
    retryExport(id: $id) { ...ExportStatus_Export }
  }
`);

/** Follows one export live until it is final; used by the asset page and My exports. */
export function LiveExport({ initial }: { initial: ExportStatus_ExportFragment }) {
  const [exp, setExp] = useState(initial);
  const [retry, retried] = useMutation(RetryExportDocument);
  const final = exp.status === "SUCCEEDED" || exp.status === "FAILED";
  const liveError = useSubscription(ExportWatchDocument, { id: exp.id }, (d) => setExp(d.exportUpdated), { skip: final });
  const again = async () => {
    const r = await retry({ id: exp.id });
    if (r) setExp(r.retryExport);
  };
  return (
    <>
      <ExportStatus exp={exp} onRetry={() => void again()} />
      {liveError && <ErrorMessage error={liveError} />}
      {retried.error && <ErrorMessage error={retried.error} />}
    </>
  );
}

/** `zone` is the charts' timezone (the UTC/local toggle), so the range reads as the charts and inputs above it do;
 * the file itself is always in UTC. */
export function ExportPanel({ assetId, from, to, tags, zone }: { assetId: string; from: Date; to: Date; tags: string[]; zone: Zone }) {
  const [start, started] = useMutation(ExportHistoryDocument);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const go = async () => {
    // One key per click: a retry after a network failure reuses it and gets the same export.
    const r = await start({ assetId, from: from.toISOString(), to: to.toISOString(), tags, key });
    if (r) setKey(crypto.randomUUID());
  };
  return (
    <div className="panel stack">
      <div className="row" style={{ alignItems: "center" }}>
        <button type="button" onClick={() => void go()} disabled={started.running || tags.length === 0}>
          Export CSV
        </button>
        <span className="muted" data-testid="export-range">
          {tags.length} tag{tags.length === 1 ? "" : "s"}, {formatInstant(from.getTime(), zone)} → {formatInstant(to.getTime(), zone)}
        </span>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        One row per sample: asset, tag, unit, time (ISO 8601, UTC), value, quality. The file is named after the asset and the range.
      </p>
      {started.error && <ErrorMessage error={started.error} />}
      {started.data && <LiveExport key={started.data.exportHistory.id} initial={started.data.exportHistory} />}
    </div>
  );
}
