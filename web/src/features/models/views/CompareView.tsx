// /models/:id/compare?versions=3,5 — chosen versions of one model side by side (card, validation,
// metrics, latency, deployments, shadow agreement). The address holds the choice, so a reload, a
// new tab or a pasted link shows the same comparison.
import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { Empty, ErrorMessage, Loading, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CompareTable_VersionFragment } from "../../../gql/graphql";
import { asFailure, type GraphQLFailure } from "../../../lib/graphql";
import { useClient, useQuery } from "../../../lib/hooks";
import { CompareTable } from "../components/CompareTable";
import { MAX_COMPARED, parseVersions } from "../components/compareRows";
import { ModelTabs } from "../components/ModelTabs";

export const ComparePageDocument = graphql(`
  query ComparePage($id: ID!) {
    model(id: $id) { id name versions { id version status } }
    scoringRuns(modelId: $id, first: 20) { edges { node { ...CompareTable_Run } } }
  }
`);

/** One version's details; asked per chosen version, so a model with many versions sends only those. */
export const CompareVersionDocument = graphql(`
  query CompareVersion($id: ID!) {
    modelVersion(id: $id) { ...CompareTable_Version }
  }
`);

/** The chosen versions' details, all asked at once; the newest answer for the newest choice wins. */
function useVersionDetails(ids: string[]) {
  const client = useClient();
  const key = ids.join(",");
  const [state, setState] = useState<{ key: string; versions?: CompareTable_VersionFragment[]; error?: GraphQLFailure }>({ key: "" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!key) return;
    let live = true;
    Promise.all(key.split(",").map((id) => client.request(CompareVersionDocument, { id }))).then(
      (answers) => live && setState({ key, versions: answers.map((a) => a.modelVersion) }),
      (e: unknown) => live && setState({ key, error: asFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, key, generation]);
  const retry = () => {
    setState({ key: "" });
    setGeneration((g) => g + 1);
  };
  return { ...(state.key === key ? state : { key, versions: undefined, error: undefined }), retry };
}

export function CompareView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const wanted = parseVersions(params.get("versions"));
  const page = useQuery(ComparePageDocument, { id });
  const model = page.data?.model;
  const byNumber = new Map((model?.versions ?? []).map((v) => [v.version, v]));
  const chosen = wanted.filter((n) => byNumber.has(n)).slice(0, MAX_COMPARED);
  const missing = model ? wanted.filter((n) => !byNumber.has(n)) : [];
  const details = useVersionDetails(chosen.length >= 2 ? chosen.map((n) => byNumber.get(n)!.id) : []);

  const toggle = (n: number, on: boolean) => {
    const next = on ? [...chosen, n] : chosen.filter((x) => x !== n);
    setParams({ versions: [...new Set(next)].sort((a, b) => a - b).join(",") }, { replace: true });
  };

  return (
    <QueryResult state={page} what="Loading the model">
      {({ model: m, scoringRuns }) => (
        <>
          <p className="muted" style={{ margin: 0 }}><Link to={`/models/${encodeURIComponent(m.id)}`}>{m.name}</Link></p>
          <h1>Compare versions of {m.name}</h1>
          <ModelTabs modelId={m.id} />
          <fieldset className="version-picker">
            <legend>Versions compared (up to {MAX_COMPARED})</legend>
            {/* Oldest first, as the columns are. */}
            {[...m.versions].reverse().map((v) => (
              <label className="inline" key={v.id}>
                <input type="checkbox" checked={chosen.includes(v.version)}
                  disabled={!chosen.includes(v.version) && chosen.length >= MAX_COMPARED}
                  onChange={(e) => toggle(v.version, e.target.checked)} />
                v{v.version}
              </label>
            ))}
          </fieldset>
          {missing.length > 0 && (
            <div className="state" role="note">
              {m.name} has no {missing.map((n) => `v${n}`).join(", ")}; its versions are v1 to v{m.versions[0]?.version ?? 0}.
            </div>
          )}
          {wanted.length > MAX_COMPARED && (
            <div className="state" role="note">Only the first {MAX_COMPARED} versions asked for are compared.</div>
          )}
          {chosen.length < 2 ? (
            <Empty>Pick at least two versions above to see them side by side.</Empty>
          ) : details.error ? (
            <ErrorMessage error={details.error} onRetry={details.retry} />
          ) : !details.versions ? (
            <Loading what="Loading the versions" />
          ) : (
            <CompareTable modelName={m.name} versions={details.versions} runs={scoringRuns.edges.map((e) => e.node)} />
          )}
        </>
      )}
    </QueryResult>
  );
}
