// Name a case's label values for its legend (admins and ML engineers): one field per value, saved
// together (`setCaseLabelNames` replaces the names; an emptied field removes that name).
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { Legend_LabelClassFragment } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";

export const SetCaseLabelNamesDocument = graphql(`
  mutation SetCaseLabelNames($id: ID!, $names: [LabelNameInput!]!) {
    setCaseLabelNames(id: $id, names: $names) { id labelClasses { ...Legend_LabelClass } }
  }
`);

export function LabelNamesForm({ caseId, classes, onChanged }: { caseId: string; classes: Legend_LabelClassFragment[]; onChanged: () => void }) {
  const [names, setNames] = useState(() => new Map(classes.map((c) => [c.value, c.name ?? ""])));
  const [save, state] = useMutation(SetCaseLabelNamesDocument);
  const changed = classes.some((c) => (names.get(c.value) ?? "") !== (c.name ?? ""));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = classes.map((c) => ({ value: c.value, name: (names.get(c.value) ?? "").trim() })).filter((n) => n.name);
    if (await save({ id: caseId, names: list })) onChanged();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" style={{ gap: 8 }} aria-label="Label names">
      <fieldset className="legend" style={{ alignItems: "flex-end" }}>
        <legend style={{ fontWeight: 600, marginBottom: 4 }}>Label names</legend>
        {classes.map((c) => (
          <label key={c.value}>
            <span><span className="swatch" aria-hidden="true" style={{ background: c.color ?? "transparent" }} /> Value {c.value}</span>
            <input value={names.get(c.value) ?? ""} maxLength={64} size={12} placeholder={c.value === 0 ? "background" : "unnamed"}
              onChange={(e) => setNames(new Map(names).set(c.value, e.target.value))} />
          </label>
        ))}
        <button type="submit" className="secondary" disabled={!changed || state.running}>{state.running ? "Saving…" : "Save names"}</button>
      </fieldset>
      {state.error && <ErrorMessage error={state.error} />}
    </form>
  );
}
