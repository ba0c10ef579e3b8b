// Roll back (with a reason) or retire a deployment: each button only when the server says the
// viewer can (`viewerCanRollback`, `viewerCanRetire`); failures show the server's message.
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation } from "../../../lib/hooks";

export const RollbackDeploymentDocument = graphql(`
  mutation RollbackDeployment($id: ID!, $reason: String!) {
    rollbackDeployment(id: $id, reason: $reason) { id status message }
  }
`);

export const RetireDeploymentDocument = graphql(`
  mutation RetireDeployment($id: ID!) {
    retireDeployment(id: $id) { id status message }
  }
`);

export function DeploymentActions({ id, label, canRollback, canRetire, onDone }: {
  id: string;
  /** What the buttons act on, for screen readers: "staging v3". */
  label: string;
  canRollback: boolean;
  canRetire: boolean;
  onDone: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [rollback, rolledBack] = useMutation(RollbackDeploymentDocument);
  const [retire, retired] = useMutation(RetireDeploymentDocument);
  if (!canRollback && !canRetire) return null;
  const error = rolledBack.error ?? retired.error;
  const busy = rolledBack.running || retired.running;
  const confirmRollback = async () => {
    if (await rollback({ id, reason })) {
      setAsking(false);
      setReason("");
      onDone();
    }
  };
  const reasonError = rolledBack.error?.forField("reason");
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row">
        {canRollback && !asking && (
          <button type="button" className="danger" disabled={busy} onClick={() => setAsking(true)} aria-label={`Roll back ${label}`}>
            Roll back
          </button>
        )}
        {canRetire && (
          <button type="button" className="secondary" disabled={busy} aria-label={`Retire ${label}`}
            onClick={() => void retire({ id }).then((d) => d && onDone())}>
            {retired.running ? "Retiring…" : "Retire"}
          </button>
        )}
      </div>
      {asking && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); void confirmRollback(); }} aria-label={`Roll back ${label}`}>
          <label>
            Reason for the rollback
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the form opens on the person's own click; focus goes where they type next */}
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={!!reasonError} autoFocus />
            {reasonError && <span className="field-error">{reasonError}</span>}
          </label>
          <div className="row">
            <button type="submit" className="danger" disabled={busy}>{rolledBack.running ? "Rolling back…" : "Confirm rollback"}</button>
            <button type="button" className="secondary" onClick={() => setAsking(false)}>Cancel</button>
          </div>
        </form>
      )}
      {error && !reasonError && <ErrorMessage error={error} />}
    </div>
  );
}
