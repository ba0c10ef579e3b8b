// Move a version into shadow (it sees production's inputs, its answers are stored apart and never
// returned) or take it out again; shown only when the server says the viewer can (`viewerCanSetStage`).
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ModelStage } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";

export const SetVersionStageDocument = graphql(`
  mutation SetVersionStage($versionId: ID!, $stage: ModelStage!) {
    setModelVersionStage(versionId: $versionId, stage: $stage) { id stage }
  }
`);

export function StageControl({ versionId, label, stage, canSetStage, onDone }: {
  versionId: string;
  /** What the button acts on, for screen readers: "v3". */
  label: string;
  stage: ModelStage;
  canSetStage: boolean;
  onDone: () => void;
}) {
  const [set, state] = useMutation(SetVersionStageDocument);
  if (!canSetStage) return null;
  const inShadow = stage === "SHADOW";
  const target: ModelStage = inShadow ? "NONE" : "SHADOW";
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div>
        <button type="button" className="secondary" disabled={state.running} aria-label={`${inShadow ? "Take" : "Move"} ${label} ${inShadow ? "out of" : "to"} shadow`}
          onClick={() => void set({ versionId, stage: target }).then((d) => d && onDone())}>
          {state.running ? "Saving…" : inShadow ? "Take out of shadow" : "Move to shadow"}
        </button>
      </div>
      {state.error && <ErrorMessage error={state.error} />}
    </div>
  );
}
