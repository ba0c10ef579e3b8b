import { graphql } from "../../../gql";
import type { ApprovalTimeline_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";

graphql(`
  fragment ApprovalTimeline_Version on ModelVersion {
    createdAt
    validatedAt
    status
    approvalRequest {
      id status comment createdAt decisionComment decidedAt
      submittedBy { id email }
      decidedBy { id email }
    }
    approvalHistory {
      id status comment createdAt decisionComment decidedAt withdrawnAt cardRevision
      submittedBy { id email }
      decidedBy { id email }
    }
    cardHistory { revision at byEmail correction withdrewApproval reason changes { field } }
  }
`);

interface Entry { at: string; key: string; body: React.ReactNode }

/** Upload, validation, every submission (with its withdrawal or decision) and every card edit, in time order. */
export function ApprovalTimeline({ version }: { version: ApprovalTimeline_VersionFragment }) {
  const entries: Entry[] = [{ at: version.createdAt, key: "upload", body: <>Uploaded {formatTime(version.createdAt)}</> }];
  if (version.validatedAt) {
    entries.push({ at: version.validatedAt, key: "validated", body: (
      <>{version.status === "VALIDATION_FAILED" ? "Failed validation" : "Validated"} {formatTime(version.validatedAt)}</>
    ) });
  }
  const history = version.approvalHistory ?? (version.approvalRequest ? [version.approvalRequest] : []);
  for (const r of history) {
    entries.push({ at: r.createdAt, key: `s-${r.id}`, body: (
      <>
        Submitted for approval by {r.submittedBy.email} {formatTime(r.createdAt)}
        {"cardRevision" in r && r.cardRevision != null && <span className="muted"> (card revision {r.cardRevision})</span>}
        {r.comment && <blockquote style={{ margin: "4px 0" }}>“{r.comment}”</blockquote>}
      </>
    ) });
    if ("withdrawnAt" in r && r.withdrawnAt) {
      entries.push({ at: r.withdrawnAt, key: `w-${r.id}`, body: (
        <><strong>Request withdrawn</strong>: the card changed after submission {formatTime(r.withdrawnAt)}</>
      ) });
    }
    if (r.decidedAt) {
      entries.push({ at: r.decidedAt, key: `d-${r.id}`, body: (
        <>
          <strong>{r.status === "APPROVED" ? "Approved" : "Rejected"}</strong> by {r.decidedBy?.email ?? "—"} {formatTime(r.decidedAt)}
          {r.decisionComment && <blockquote style={{ margin: "4px 0" }}>“{r.decisionComment}”</blockquote>}
        </>
      ) });
    }
  }
  for (const e of version.cardHistory ?? []) {
    const fields = [...new Set(e.changes.map((c) => c.field.split(".")[0]))].join(", ");
    entries.push({ at: e.at, key: `c-${e.revision ?? e.at}`, body: (
      <>
        {e.correction ? "Card corrected" : "Card edited"} by {e.byEmail ?? "—"} {formatTime(e.at)}
        {e.revision != null && <span className="muted"> → revision {e.revision}</span>}: {fields}
        {e.reason && <> — “{e.reason}”</>}
        {e.correction && <span className="muted"> (needs a new approval)</span>}
      </>
    ) });
  }
  // Stable for equal times: the order they were pushed (upload, validation, submissions, edits).
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Timeline</h2>
      <ol className="timeline" style={{ margin: 0, paddingLeft: 20 }}>
        {entries.map((e) => <li key={e.key}>{e.body}</li>)}
      </ol>
    </div>
  );
}
