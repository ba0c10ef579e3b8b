// Move a case between OPEN, IN REVIEW and DONE: shown only when the server says the viewer may
// manage the case (`viewerCanManage`).
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CaseStatus } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";

export const SetCaseStatusDocument = graphql(`
  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {
    setCaseStatus(id: $id, status: $status) { id status }
  }
`);

const STATUSES: CaseStatus[] = ["OPEN", "IN_REVIEW", "DONE"];

export function CaseStatusControl({ caseId, status, onChanged }: { caseId: string; status: CaseStatus; onChanged: () => void }) {
  const [next, setNext] = useState<CaseStatus>(status);
  const [set, state] = useMutation(SetCaseStatusDocument);
  const change = async () => {
    if (await set({ id: caseId, status: next })) onChanged();
  };
  return (
    <div className="row" style={{ alignItems: "flex-end" }}>
      <label>
        Case status
        <select value={next} onChange={(e) => setNext(e.target.value as CaseStatus)}>
          {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
        </select>
      </label>
      <button type="button" className="secondary" disabled={state.running || next === status} onClick={() => void change()}>
        {state.running ? "Saving…" : "Set status"}
      </button>
      {state.error && <ErrorMessage error={state.error} />}
    </div>
  );
}
