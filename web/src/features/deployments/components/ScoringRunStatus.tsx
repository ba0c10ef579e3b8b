// A scoring run as a person reads it: a badge, what it is doing, windows scored; the live one
// follows `scoringRunUpdated` until the run has finished.
import { useState } from "react";
import { graphql } from "../../../gql";
import type { ScoringRunStatus_RunFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useSubscription } from "../../../lib/hooks";

graphql(`
  fragment ScoringRunStatus_Run on ScoringRun {
    id
    status
    message
    windows
    skippedWindows
    from
    to
    asset { id name }
  }
`);

export const ScoringRunWatchDocument = graphql(`
  subscription ScoringRunWatch($id: ID!) {
    scoringRunUpdated(id: $id) { ...ScoringRunStatus_Run }
  }
`);

const TONE = { QUEUED: "busy", RUNNING: "busy", SUCCEEDED: "ok", FAILED: "bad" } as const;
export const FINAL_RUN = new Set(["SUCCEEDED", "FAILED"]);

export function ScoringRunStatus({ run }: { run: ScoringRunStatus_RunFragment }) {
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="row" style={{ alignItems: "center", gap: 8 }}>
        <span className={`badge ${TONE[run.status]}`}>{run.status}</span>
        <span className="muted">
          {run.asset?.name ?? "an asset"} · {formatTime(run.from)} – {formatTime(run.to)} · {run.windows} windows scored
          {run.skippedWindows > 0 && `, ${run.skippedWindows} skipped`}
        </span>
      </div>
      {run.message && <span className={run.status === "FAILED" ? "field-error" : "muted"}>{run.message}</span>}
    </div>
  );
}

export function LiveScoringRun({ initial, onFinished }: { initial: ScoringRunStatus_RunFragment; onFinished?: () => void }) {
  const [run, setRun] = useState(initial);
  useSubscription(ScoringRunWatchDocument, { id: initial.id }, (d) => {
    setRun(d.scoringRunUpdated);
    if (FINAL_RUN.has(d.scoringRunUpdated.status)) onFinished?.();
  }, { skip: FINAL_RUN.has(run.status) });
  return <div aria-live="polite"><ScoringRunStatus run={run} /></div>;
}
