// Submit for approval, or approve / reject with a comment: shown only when the server says the
// viewer can (`viewerCanSubmit`, `viewerCanApprove`).
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { GraphQLFailure } from "../../../lib/graphql";
import { useMutation } from "../../../lib/hooks";

export const SubmitVersionDocument = graphql(`
  mutation SubmitVersion($id: ID!, $comment: String!) {
    submitForApproval(versionId: $id, comment: $comment) { id status }
  }
`);

export const ApproveVersionDocument = graphql(`
  mutation ApproveVersion($id: ID!, $comment: String!) {
    approveModelVersion(id: $id, comment: $comment) { id status }
  }
`);

export const RejectVersionDocument = graphql(`
  mutation RejectVersion($id: ID!, $comment: String!) {
    rejectModelVersion(id: $id, comment: $comment) { id status }
  }
`);

function Comment({ value, onChange, error, label }: { value: string; onChange: (v: string) => void; error?: GraphQLFailure; label: string }) {
  const message = error?.forField("comment");
  return (
    <label>
      {label}
      <textarea rows={3} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!message} />
      {message && <span className="field-error">{message}</span>}
    </label>
  );
}

/** The API's own sentence when the submitter tries to decide (`decide` raises it as a CONFLICT). */
export const FOUR_EYES = "You submitted this version yourself; another admin must decide on it (four-eyes rule).";

export function DecisionPanel({ versionId, canSubmit, canApprove, ownSubmission = false, onDone }: {
  versionId: string;
  canSubmit: boolean;
  canApprove: boolean;
  /** An admin looking at a version they submitted: the server says they cannot approve; say why. */
  ownSubmission?: boolean;
  onDone: () => void;
}) {
  const [comment, setComment] = useState("");
  const [submit, submitted] = useMutation(SubmitVersionDocument);
  const [approve, approved] = useMutation(ApproveVersionDocument);
  const [reject, rejected] = useMutation(RejectVersionDocument);
  if (!canSubmit && !canApprove) {
    if (!ownSubmission) return null;
    return (
      <div className="panel stack">
        <h2 style={{ margin: 0 }}>Decide</h2>
        <p style={{ margin: 0 }} role="note">{FOUR_EYES}</p>
      </div>
    );
  }
  const error = submitted.error ?? approved.error ?? rejected.error;
  const busy = submitted.running || approved.running || rejected.running;
  const run = async (action: (v: { id: string; comment: string }) => Promise<unknown>) => {
    if (await action({ id: versionId, comment })) {
      setComment("");
      onDone();
    }
  };
  return (
    <div className="panel stack">
      <h2 style={{ margin: 0 }}>{canApprove ? "Decide" : "Ask for approval"}</h2>
      <Comment value={comment} onChange={setComment} error={error}
        label={canApprove ? "Comment (required to reject)" : "Comment for the approver"} />
      <div className="row">
        {canSubmit && <button type="button" disabled={busy} onClick={() => void run(submit)}>Submit for approval</button>}
        {canApprove && <button type="button" disabled={busy} onClick={() => void run(approve)}>Approve</button>}
        {canApprove && <button type="button" className="danger" disabled={busy} onClick={() => void run(reject)}>Reject</button>}
      </div>
      {error && !error.forField("comment") && <ErrorMessage error={error} />}
    </div>
  );
}
