// Roll back (with a reason) or retire a deployment: each button only when the server says the
// viewer can (`viewerCanRollback`, `viewerCanRetire`). Both take traffic away from a version, so
// each asks first in a dialog that says what will happen; a toast gives the outcome or the
// server's refusal.
import { useState } from "react";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { useToast } from "../../../components/Toast";
import { graphql } from "../../../gql";
import type { EnvironmentPanel_DeploymentFragment } from "../../../gql/graphql";
import { asFailure } from "../../../lib/graphql";
import { useClient } from "../../../lib/hooks";

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

type D = Pick<EnvironmentPanel_DeploymentFragment, "id" | "environment" | "status" | "version" | "previous" | "viewerCanRollback" | "viewerCanRetire">;

/** What each action will do, said before it is done. */
export function consequences(d: D, { endpoint, share, others }: { endpoint: string; share: number; others: string[] }) {
  const env = d.environment.toLowerCase();
  const v = `v${d.version.version}`;
  const live = d.status === "LIVE";
  const rest = others.length ? others.join(" and ") : d.previous ? `v${d.previous.version.version}` : null;
  const retire = live && others.length === 0
    ? `${endpoint} will stop answering: ${v} serves ${share}% of ${env} traffic now, and requests to ${env} fail until another version is deployed.`
    : live
      ? `${v} stops answering its ${share}% of ${env} traffic on ${endpoint}, and is unloaded.`
      : `The rollout of ${v} to ${env} stops and ${v} is unloaded${rest ? `; ${rest} keeps serving ${endpoint}` : ""}.`;
  const back = d.previous ? `v${d.previous.version.version}` : "the version before it";
  const rollback = live
    ? `${env.charAt(0).toUpperCase()}${env.slice(1)} goes back to ${back}: ${v} stops answering ${endpoint} once ${back} is loaded again.`
    : `The rollout of ${v} stops and all of ${endpoint}'s traffic goes back to ${rest ?? back}.`;
  return { retire, rollback, retireLabel: live && others.length === 0 ? `Retire ${endpoint}` : `Retire ${v} from ${env}` };
}

export function DeploymentActions({ deployment: d, label, endpoint, share, others, onDone }: {
  deployment: D;
  /** What the buttons act on, for screen readers: "staging v3". */
  label: string;
  /** The endpoint's name: "pump-health-production". */
  endpoint: string;
  /** The share of the environment's traffic this deployment answers now (from `activeModels`). */
  share: number;
  /** The other versions answering the environment now: "v1". */
  others: string[];
  onDone: () => void;
}) {
  const client = useClient();
  const toast = useToast();
  const [asking, setAsking] = useState<"rollback" | "retire" | null>(null);
  const [running, setRunning] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  if (!d.viewerCanRollback && !d.viewerCanRetire) return null;
  const said = consequences(d, { endpoint, share, others });

  const act = async (what: string, send: () => Promise<{ message: string }>) => {
    if (running) return; // a double-click sends one request
    setRunning(true);
    setReasonError(undefined);
    try {
      const done = await send();
      setAsking(null);
      setReason("");
      toast(`${what} ${label}: ${done.message}`);
      onDone();
    } catch (e) {
      const failure = asFailure(e);
      const field = failure.forField("reason");
      // A bad reason is fixed in the dialog; any other refusal closes it and is said as the server wrote it.
      if (field) setReasonError(field);
      else {
        setAsking(null);
        toast(failure.message, "bad");
      }
    } finally {
      setRunning(false);
    }
  };
  const confirmRetire = () => act("Retiring", async () => (await client.request(RetireDeploymentDocument, { id: d.id })).retireDeployment);
  const confirmRollback = () =>
    act("Rolling back", async () => (await client.request(RollbackDeploymentDocument, { id: d.id, reason })).rollbackDeployment);
  return (
    <div className="row">
      {d.viewerCanRollback && (
        <button type="button" className="danger" disabled={running} aria-label={`Roll back ${label}`}
          onClick={() => { setReasonError(undefined); setAsking("rollback"); }}>
          Roll back
        </button>
      )}
      {d.viewerCanRetire && (
        <button type="button" className="secondary" disabled={running} aria-label={`Retire ${label}`} onClick={() => setAsking("retire")}>
          Retire
        </button>
      )}
      {asking === "retire" && (
        <ConfirmDialog title={`Retire ${label}?`} confirmLabel={said.retireLabel} busyLabel="Retiring…" busy={running}
          onConfirm={() => void confirmRetire()} onCancel={() => setAsking(null)}>
          <p>{said.retire}</p>
        </ConfirmDialog>
      )}
      {asking === "rollback" && (
        <ConfirmDialog title={`Roll back ${label}?`} confirmLabel={`Roll back ${label}`} busyLabel="Rolling back…" busy={running}
          onConfirm={() => void confirmRollback()} onCancel={() => setAsking(null)}>
          <p>{said.rollback}</p>
          <label>
            Reason for the rollback
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={!!reasonError} />
            {reasonError && <span className="field-error">{reasonError}</span>}
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}
