// Deploy a version to staging, or promote it to production with a rollout strategy; each offered
// only when the server says the viewer can (`viewerCanDeployStaging`, `viewerCanDeployProduction`),
// and where promotion is not offered, the rule that keeps it away. Promotion moves production's
// traffic, so it asks first and names what will happen.
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { ErrorMessage } from "../../../components/States";
import { useToast } from "../../../components/Toast";
import { graphql } from "../../../gql";
import type { Environment, EnvironmentNow_EndpointFragment, Role, RolloutStrategy } from "../../../gql/graphql";
import { useMutation } from "../../../lib/hooks";
import { words } from "./DeploymentBadge";
import { endpointName, servingNow } from "./servingNow";

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

/** What promoting will do to production, said before it is done. */
export function promotion(version: number, strategy: RolloutStrategy, steps: number[] | null, endpoint: string,
  production: EnvironmentNow_EndpointFragment | null | undefined): string {
  const now = servingNow(production).map((s) => `v${s.version} (${s.percent}%)`).join(" and ");
  const how = strategy === "CANARY"
    ? `gets ${(steps ?? []).join("%, then ")}% of production traffic on ${endpoint}, checked at each step`
    : strategy === "BLUE_GREEN"
      ? `is loaded and checked, then takes all production traffic on ${endpoint} at once`
      : `takes all production traffic on ${endpoint} at once`;
  return `v${version} ${how}. ${now ? `It replaces ${now}.` : "Nothing serves production now."}`;
}

export function DeployPanel({ versionId, version, modelName, role, production, canDeployStaging, canDeployProduction, onDone }: {
  versionId: string;
  version: number;
  modelName: string;
  role?: Role;
  /** What serves production now, from `activeModels`. */
  production: EnvironmentNow_EndpointFragment | null | undefined;
  canDeployStaging: boolean;
  canDeployProduction: boolean;
  onDone: () => void;
}) {
  const [strategy, setStrategy] = useState<RolloutStrategy>("BLUE_GREEN");
  const [stepsText, setStepsText] = useState("10, 50, 100");
  const [stepsError, setStepsError] = useState<string>();
  const [target, setTarget] = useState<Environment>();
  const [asking, setAsking] = useState<number[] | null | false>(false);
  const [deploy, state, reset] = useMutation(DeployVersionDocument);
  const toast = useToast();
  if (!canDeployStaging && !canDeployProduction) return null;
  const endpoint = endpointName(production?.endpointUrl, `${modelName}-production`);

  const run = async (environment: Environment, canarySteps: number[] | null = null) => {
    reset();
    setTarget(environment);
    const input = environment === "STAGING"
      ? { versionId, environment, strategy: "DIRECT" as const }
      : { versionId, environment, strategy, canarySteps };
    const done = await deploy({ input });
    setAsking(false);
    if (done) {
      toast(`${environment === "STAGING" ? "Staging" : "Production"} deployment of v${version} started.`);
      onDone();
    }
  };
  const promote = (e: FormEvent) => {
    e.preventDefault();
    setStepsError(undefined);
    let canarySteps: number[] | null = null;
    if (strategy === "CANARY") {
      canarySteps = parseSteps(stepsText);
      if (!canarySteps) {
        setStepsError("Write the traffic steps as whole percentages, e.g. 10, 50, 100.");
        return;
      }
    }
    setAsking(canarySteps);
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
      {!canDeployProduction && (
        <p style={{ margin: 0 }} role="note">
          {role && role !== "ADMIN"
            ? `Only admins promote to production (your role is ${words(role).toLowerCase()}): ask an admin once this version is approved and live in staging.`
            : "Promote to production becomes possible once this version is approved and live in staging."}
        </p>
      )}
      {asking !== false && (
        <ConfirmDialog title={`Promote v${version} to production?`} confirmLabel={`Promote v${version} to production`}
          busyLabel="Promoting…" busy={state.running} onConfirm={() => void run("PRODUCTION", asking)} onCancel={() => setAsking(false)}>
          <p>{promotion(version, strategy, strategy === "CANARY" ? asking : null, endpoint, production)}</p>
        </ConfirmDialog>
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
