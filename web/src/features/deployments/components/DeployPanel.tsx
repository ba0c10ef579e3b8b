// Deploy a version to staging, or promote it to production with a rollout strategy; each offered
// only when the server says the viewer can (`viewerCanDeployStaging`, `viewerCanDeployProduction`).
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { Environment, RolloutStrategy } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";

export const DeployVersionDocument = graphql(`
  mutation DeployVersion($input: DeployModelVersionInput!) {
    deployModelVersion(input: $input) { id status environment }
  }
`);

const STRATEGIES: { value: RolloutStrategy; label: string; hint: string }[] = [
  { value: "DIRECT", label: "Direct", hint: "switch all traffic at once" },
  { value: "BLUE_GREEN", label: "Blue-green", hint: "load, check readiness and a smoke request, then switch" },
  { value: "CANARY", label: "Canary", hint: "stepwise traffic, checked at each step, rolled back on errors" },
];

/** "10, 50, 100" → [10, 50, 100]; the server checks the rest (range, order) and says what is wrong. */
export function parseSteps(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const steps = parts.map(Number);
  return parts.length > 0 && steps.every((n) => Number.isInteger(n)) ? steps : null;
}

export function DeployPanel({ versionId, canDeployStaging, canDeployProduction, onDone }: {
  versionId: string;
  canDeployStaging: boolean;
  canDeployProduction: boolean;
  onDone: () => void;
}) {
  const [strategy, setStrategy] = useState<RolloutStrategy>("BLUE_GREEN");
  const [stepsText, setStepsText] = useState("10, 50, 100");
  const [stepsError, setStepsError] = useState<string>();
  const [target, setTarget] = useState<Environment>();
  const [deploy, state, reset] = useMutation(DeployVersionDocument);
  if (!canDeployStaging && !canDeployProduction) return null;

  const run = async (environment: Environment) => {
    setStepsError(undefined);
    reset();
    let canarySteps: number[] | null = null;
    if (environment === "PRODUCTION" && strategy === "CANARY") {
      canarySteps = parseSteps(stepsText);
      if (!canarySteps) {
        setStepsError("Write the traffic steps as whole percentages, e.g. 10, 50, 100.");
        return;
      }
    }
    setTarget(environment);
    const input = environment === "STAGING"
      ? { versionId, environment, strategy: "DIRECT" as const }
      : { versionId, environment, strategy, canarySteps };
    if (await deploy({ input })) onDone();
  };
  const promote = (e: FormEvent) => {
    e.preventDefault();
    void run("PRODUCTION");
  };
  const serverStepsError = state.error?.forField("canarySteps");
  const started = state.data?.deployModelVersion;
  return (
    <section className="panel stack" aria-labelledby="deploy-title">
      <h2 id="deploy-title" style={{ margin: 0 }}>Deploy</h2>
      {canDeployStaging && (
        <div className="row" style={{ alignItems: "center" }}>
          <button type="button" disabled={state.running} onClick={() => void run("STAGING")}>
            {state.running && target === "STAGING" ? "Deploying…" : "Deploy to staging"}
          </button>
          <span className="muted">Staging comes first: a version is promoted once it is live there.</span>
        </div>
      )}
      {canDeployProduction && (
        <form className="stack" onSubmit={promote} aria-label="Promote to production">
          <fieldset className="plain">
            <legend style={{ fontWeight: 600, marginBottom: 4 }}>Rollout strategy</legend>
            <div className="stack" style={{ gap: 4 }}>
              {STRATEGIES.map((s) => (
                <label key={s.value} className="inline" style={{ gap: 6 }}>
                  <input type="radio" name="strategy" value={s.value} checked={strategy === s.value} onChange={() => setStrategy(s.value)} />
                  <span><strong>{s.label}</strong> <span className="muted">— {s.hint}</span></span>
                </label>
              ))}
            </div>
          </fieldset>
          {strategy === "CANARY" && (
            <label>
              Canary steps (% of traffic)
              <input value={stepsText} onChange={(e) => setStepsText(e.target.value)} inputMode="numeric"
                aria-invalid={!!(stepsError ?? serverStepsError)} style={{ maxWidth: 240 }} />
              {(stepsError ?? serverStepsError) && <span className="field-error">{stepsError ?? serverStepsError}</span>}
            </label>
          )}
          <div>
            <button type="submit" disabled={state.running}>
              {state.running && target === "PRODUCTION" ? "Promoting…" : "Promote to production"}
            </button>
          </div>
        </form>
      )}
      {started && (
        <p role="status" style={{ margin: 0 }}>
          {started.environment === "STAGING" ? "Staging" : "Production"} deployment started ({started.status.replace("_", " ")}):{" "}
          <Link to={`/deployments/${encodeURIComponent(started.id)}`}>follow it</Link>.
        </p>
      )}
      {state.error && !serverStepsError && <ErrorMessage error={state.error} />}
    </section>
  );
}
