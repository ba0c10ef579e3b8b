// The people-written half of the model card, editable while the server says so (`viewerCanEdit`). An APPROVED
// card is read-only: its owner proposes a correction (`viewerCanRevise`), a new revision that needs a new approval.
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ModelCardView_CardFragment } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";

export const UpdateCardDocument = graphql(`
  mutation UpdateCard($id: ID!, $input: ModelCardInput!) {
    updateModelCard(versionId: $id, input: $input) { id }
  }
`);

export const ReviseCardDocument = graphql(`
  mutation ReviseCard($id: ID!, $input: ModelCardInput!, $reason: String!) {
    reviseModelCard(versionId: $id, input: $input, reason: $reason) { id status }
  }
`);

type Field = "intendedUse" | "trainingData" | "limitations" | "metrics";
const SERVER_FIELD: Record<string, Field> = {
  intended_use: "intendedUse", intendedUse: "intendedUse", training_data: "trainingData", trainingData: "trainingData",
  limitations: "limitations", metrics: "metrics",
};

export function CardEditor({ versionId, card, onSaved, correction = false, pending = false }: {
  versionId: string;
  card: ModelCardView_CardFragment;
  onSaved: () => void;
  /** The card is APPROVED: the edit is a correction, with a reason, and the version needs a new approval. */
  correction?: boolean;
  /** The version waits for approval: saving a change withdraws the request. */
  pending?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [revise, revised] = useMutation(ReviseCardDocument);
  const [draft, setDraft] = useState({
    intendedUse: card.intendedUse, trainingData: card.trainingData, limitations: card.limitations,
    metrics: JSON.stringify(card.metrics ?? {}),
  });
  const [metricsError, setMetricsError] = useState<string>();
  const [update, updated] = useMutation(UpdateCardDocument);
  const failed = correction ? revised.error : updated.error;
  const fieldOf = failed?.field ? SERVER_FIELD[failed.field] : undefined;
  const errorFor = (f: Field) => (f === "metrics" && metricsError) || (fieldOf === f ? failed?.message : undefined);
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {correction ? "Propose a correction" : "Edit the model card"}
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let metrics: unknown;
    try {
      metrics = JSON.parse(draft.metrics || "{}");
    } catch {
      setMetricsError('Metrics must be JSON, e.g. {"auc": 0.91}.');
      return;
    }
    setMetricsError(undefined);
    const { intendedUse, trainingData, limitations } = draft;
    const input = { intendedUse, trainingData, limitations, metrics };
    const done = correction ? await revise({ id: versionId, input, reason }) : await update({ id: versionId, input });
    if (done) {
      setOpen(false);
      onSaved();
    }
  };
  const area = (f: Exclude<Field, "metrics">, label: string) => (
    <label>
      {label}
      <textarea rows={2} value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} aria-invalid={!!errorFor(f)} />
      {errorFor(f) && <span className="field-error">{errorFor(f)}</span>}
    </label>
  );
  return (
    <form className="stack panel" onSubmit={(e) => void submit(e)} aria-label={correction ? "Correct the model card" : "Edit the model card"}>
      {correction && (
        <p role="note" style={{ margin: 0 }}>
          This card was approved and is read-only. A correction becomes a new card revision; the version goes back to
          VALIDATED until the corrected card is approved (LIVE deployments keep serving).
        </p>
      )}
      {pending && !correction && (
        <p role="note" style={{ margin: 0 }}>
          This version is waiting for approval: saving a change withdraws the request, and it must be submitted again.
        </p>
      )}
      {area("intendedUse", "Intended use")}
      {area("trainingData", "Training data (e.g. the history export id)")}
      {area("limitations", "Limitations")}
      <label>
        Metrics (JSON object)
        <input value={draft.metrics} onChange={(e) => setDraft({ ...draft, metrics: e.target.value })} aria-invalid={!!errorFor("metrics")} />
        {errorFor("metrics") && <span className="field-error">{errorFor("metrics")}</span>}
      </label>
      {correction && (
        <label>
          Why the approved card is corrected
          <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={fieldOf === undefined && failed?.field === "reason"} />
          {failed?.field === "reason" && <span className="field-error">{failed.message}</span>}
        </label>
      )}
      <div className="row">
        <button type="submit" disabled={updated.running || revised.running}>{correction ? "Propose the correction" : "Save the card"}</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {failed && !fieldOf && failed.field !== "reason" && <ErrorMessage error={failed} />}
    </form>
  );
}
