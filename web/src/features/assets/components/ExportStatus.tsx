// An export's state as a person reads it: a badge, a progress bar while running, then the link.
import { graphql } from "../../../gql";
import type { ExportStatus_ExportFragment } from "../../../gql/graphql";
import { formatBytes, formatCount } from "../../../lib/format";

graphql(`
  fragment ExportStatus_Export on HistoryExport {
    id
    status
    progress
    rowCount
    sizeBytes
    error
    downloadUrl
  }
`);

export const FINAL_EXPORT = new Set(["SUCCEEDED", "FAILED"]);

export function ExportStatus({ exp, onRetry }: { exp: ExportStatus_ExportFragment; onRetry?: () => void }) {
  const tone = exp.status === "SUCCEEDED" ? "ok" : exp.status === "FAILED" ? "bad" : "busy";
  const pct = Math.round((exp.status === "SUCCEEDED" ? 1 : exp.progress) * 100);
  return (
    <div className="stack" style={{ gap: 6 }}>
      <div className="row" style={{ alignItems: "center", gap: 8 }}>
        <span className={`badge ${tone}`}>{exp.status}</span>
        {exp.rowCount != null && <span className="muted">{formatCount(exp.rowCount)} rows</span>}
        {exp.status === "SUCCEEDED" && <span className="muted">{formatBytes(exp.sizeBytes)}</span>}
      </div>
      {!FINAL_EXPORT.has(exp.status) && (
        <div className="progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <div style={{ width: `${pct}%` }} />
        </div>
      )}
      {exp.status === "SUCCEEDED" && exp.downloadUrl && (
        <a className="button" href={exp.downloadUrl} download style={{ alignSelf: "flex-start" }}>Download CSV</a>
      )}
      {exp.status === "FAILED" && (
        <span className="field-error" role="alert">
          {exp.error}{" "}
          {onRetry && <button type="button" className="secondary" onClick={onRetry}>Retry</button>}
        </span>
      )}
    </div>
  );
}
