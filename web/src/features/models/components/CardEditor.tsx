// The people-written half of the model card, editable while the server says so (`viewerCanEdit`).
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

type Field = "intendedUse" | "trainingData" | "limitations" | "metrics";
const SERVER_FIELD: Record<string, Field> = {
  intended_use: "intendedUse", intendedUse: "intendedUse", training_data: "trainingData", trainingData: "trainingData",
  limitations: "limitations", metrics: "metrics",
};

export function CardEditor({ versionId, card, onSaved }: { versionId: string; card: ModelCardView_CardFragment; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({
    intendedUse: card.intendedUse, trainingData: card.trainingData, limitations: card.limitations,
    metrics: JSON.stringify(card.metrics ?? {}),
  });
  const [metricsError, setMetricsError] = useState<string>();
  const [update, updated] = useMutation(UpdateCardDocument);
  const failed = updated.error;
  const fieldOf = failed?.field ? SERVER_FIELD[failed.field] : undefined;
  const errorFor = (f: Field) => (f === "metrics" && metricsError) || (fieldOf === f ? failed?.message : undefined);
  if (!open) return <button type="button" className="secondary" onClick={() => setOpen(true)}>Edit the model card</button>;
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
    if (await update({ id: versionId, input: { intendedUse, trainingData, limitations, metrics } })) {
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
    <form className="stack panel" onSubmit={(e) => void submit(e)} aria-label="Edit the model card">
      {area("intendedUse", "Intended use")}
      {area("trainingData", "Training data (e.g. the history export id)")}
      {area("limitations", "Limitations")}
      <label>
        Metrics (JSON object)
        <input value={draft.metrics} onChange={(e) => setDraft({ ...draft, metrics: e.target.value })} aria-invalid={!!errorFor("metrics")} />
        {errorFor("metrics") && <span className="field-error">{errorFor("metrics")}</span>}
      </label>
      <div className="row">
        <button type="submit" disabled={updated.running}>Save the card</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {failed && !fieldOf && <ErrorMessage error={failed} />}
    </form>
  );
}
