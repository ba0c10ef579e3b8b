// Start a scoring run: an asset and a range of its history, fed window by window to production
// and its shadows. The server checks everything (range, window count, features per tag) and its
// messages show next to the field they name.
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ScoringRunStatus_RunFragment } from "../../../gql/graphql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { LiveScoringRun } from "./ScoringRunStatus";

export const ScoringAssetsDocument = graphql(`
  query ScoringAssets {
    assets(first: 100) { edges { node { id name } } }
  }
`);

export const StartScoringRunDocument = graphql(`
  mutation StartScoringRun($input: StartScoringRunInput!) {
    startScoringRun(input: $input) { ...ScoringRunStatus_Run }
  }
`);

function toLocalInput(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
}

/** The form opens on the last hour, to the whole minute. */
function lastHour(): { from: string; to: string } {
  const now = new Date(Math.floor(Date.now() / 60e3) * 60e3);
  return { from: toLocalInput(new Date(now.getTime() - 3600e3)), to: toLocalInput(now) };
}

export function ScoringRunForm({ modelName, onFinished }: { modelName: string; onFinished: () => void }) {
  const assets = useQuery(ScoringAssetsDocument);
  const [assetId, setAssetId] = useState("");
  const [initial] = useState(lastHour);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [start, state] = useMutation(StartScoringRunDocument);
  const [runs, setRuns] = useState<ScoringRunStatus_RunFragment[]>([]);
  const options = assets.data?.assets.edges.map((e) => e.node) ?? [];
  const chosen = assetId || options[0]?.id || "";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = { modelName, assetId: chosen, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const done = await start({ input });
    if (done) setRuns((r) => [done.startScoringRun, ...r]);
  };
  const fieldError = (f: string) => state.error?.forField(f);
  const known = ["assetId", "from", "to"];
  return (
    <section className="panel stack" aria-labelledby="scoring-title">
      <h2 id="scoring-title" style={{ margin: 0 }}>Start a scoring run</h2>
      <p className="muted" style={{ margin: 0 }}>
        Feeds the same windows of an asset's history to production and every shadow version and compares their answers.
      </p>
      {assets.error ? <ErrorMessage error={assets.error} onRetry={assets.refetch} /> : (
        <form className="row" onSubmit={(e) => void submit(e)} aria-label="Start a scoring run">
          <label>
            Asset
            <select value={chosen} onChange={(e) => setAssetId(e.target.value)} disabled={!assets.data} aria-invalid={!!fieldError("assetId")}>
              {!assets.data && <option>Loading…</option>}
              {assets.data && options.length === 0 && <option value="">No assets</option>}
              {options.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
            {fieldError("assetId") && <span className="field-error">{fieldError("assetId")}</span>}
          </label>
          <label>
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={!!fieldError("from")} />
            {fieldError("from") && <span className="field-error">{fieldError("from")}</span>}
          </label>
          <label>
            To
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={!!fieldError("to")} />
            {fieldError("to") && <span className="field-error">{fieldError("to")}</span>}
          </label>
          <button type="submit" disabled={state.running || !chosen}>{state.running ? "Starting…" : "Start scoring run"}</button>
        </form>
      )}
      {state.error && !known.some((f) => fieldError(f)) && <ErrorMessage error={state.error} />}
      {runs.map((r) => <LiveScoringRun key={r.id} initial={r} onFinished={onFinished} />)}
    </section>
  );
}
