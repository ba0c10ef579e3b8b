// Give a case to someone who may label it, or to nobody (then any labeler may take it). Shown only
// when the server says the viewer may manage the case; the list comes from `caseAssignees`.
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";

export const CaseAssigneesDocument = graphql(`
  query CaseAssignees($after: String) {
    caseAssignees(first: 100, after: $after) { edges { node { id email role } } pageInfo { hasNextPage endCursor } }
  }
`);

export const AssignCaseDocument = graphql(`
  mutation AssignCase($id: ID!, $assigneeId: ID) {
    assignCase(id: $id, assigneeId: $assigneeId) { id assignee { id email } }
  }
`);

/** The people a case may go to, as <option>s for the <select> that renders them; "" stands for nobody. */
export function useAssigneeOptions() {
  const people = useQuery(CaseAssigneesDocument, { after: null });
  // Rendered by the <select> itself (not a child component), so React applies its value again once the list
  // arrives: otherwise a case assigned before the list loaded would show "nobody".
  return [
    <option key="" value="">nobody (any labeler)</option>,
    ...(people.data?.caseAssignees.edges ?? []).map(({ node }) => (
      <option key={node.id} value={node.id}>{node.email} ({node.role.toLowerCase().replace("_", " ")})</option>
    )),
  ];
}

export function AssignControl({ caseId, assigneeId, onChanged }: { caseId: string; assigneeId: string | null; onChanged: () => void }) {
  const [next, setNext] = useState(assigneeId ?? "");
  const [assign, state] = useMutation(AssignCaseDocument);
  const options = useAssigneeOptions();
  const change = async () => {
    if (await assign({ id: caseId, assigneeId: next || null })) onChanged();
  };
  return (
    <div className="row" style={{ alignItems: "flex-end" }}>
      <label>
        Assignee
        <select value={next} onChange={(e) => setNext(e.target.value)}>{options}</select>
      </label>
      <button type="button" className="secondary" disabled={state.running || next === (assigneeId ?? "")} onClick={() => void change()}>
        {state.running ? "Assigning…" : "Assign"}
      </button>
      {state.error && <ErrorMessage error={state.error} />}
    </div>
  );
}
