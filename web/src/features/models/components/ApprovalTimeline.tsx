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
  }
`);

export function ApprovalTimeline({ version }: { version: ApprovalTimeline_VersionFragment }) {
  const r = version.approvalRequest;
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Timeline</h2>
      <ol className="timeline" style={{ margin: 0, paddingLeft: 20 }}>
        <li>Uploaded {formatTime(version.createdAt)}</li>
        {version.validatedAt && (
          <li>{version.status === "VALIDATION_FAILED" ? "Failed validation" : "Validated"} {formatTime(version.validatedAt)}</li>
        )}
        {r && (
          <li>
            Submitted for approval by {r.submittedBy.email} {formatTime(r.createdAt)}
            {r.comment && <blockquote style={{ margin: "4px 0" }}>“{r.comment}”</blockquote>}
          </li>
        )}
        {r?.decidedAt && (
          <li>
            <strong>{r.status === "APPROVED" ? "Approved" : "Rejected"}</strong> by {r.decidedBy?.email ?? "—"}{" "}
            {formatTime(r.decidedAt)}
            {r.decisionComment && <blockquote style={{ margin: "4px 0" }}>“{r.decisionComment}”</blockquote>}
          </li>
        )}
      </ol>
    </div>
  );
}
