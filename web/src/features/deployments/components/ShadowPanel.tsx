// The versions running in shadow beside production: they see its inputs, their answers are
// stored apart and never returned. Endpoints come from `activeModels`, as orchestrators read them.
import { Link } from "react-router-dom";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ShadowPanel_VersionFragment } from "../../../gql/graphql";
import { useQuery } from "../../../lib/hooks";
import { EndpointUrl } from "./EndpointUrl";
import { StageControl } from "./StageControl";

graphql(`
  fragment ShadowPanel_Version on ModelVersion {
    id
    version
    status
    stage
    viewerCanSetStage
  }
`);

export const ActiveEndpointsDocument = graphql(`
  query ActiveEndpoints($modelName: String!) {
    activeModels(modelName: $modelName) {
      shadows { version { id } endpointUrl }
    }
  }
`);

export function ShadowPanel({ modelName, versions, onChanged }: {
  modelName: string;
  versions: ShadowPanel_VersionFragment[];
  onChanged: () => void;
}) {
  const shadows = versions.filter((v) => v.stage === "SHADOW");
  const active = useQuery(ActiveEndpointsDocument, { modelName }, { skip: shadows.length === 0 });
  const endpoint = (id: string) => active.data?.activeModels.shadows.find((s) => s.version.id === id)?.endpointUrl;
  const changed = () => {
    onChanged();
    active.refetch();
  };
  return (
    <section className="panel" aria-labelledby="env-Shadow">
      <h2 id="env-Shadow">Shadow</h2>
      {shadows.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No version runs in shadow. Move one there from its version page to compare it with production.
        </p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {shadows.map((v) => (
            <li key={v.id} className="stack" style={{ gap: 6 }}>
              <div className="row" style={{ alignItems: "center", gap: 8 }}>
                <Link to={`/models/versions/${encodeURIComponent(v.id)}`}>v{v.version}</Link>
                <span className="badge busy">SHADOW</span>
              </div>
              <div><span className="muted">Endpoint </span><EndpointUrl url={endpoint(v.id)} /></div>
              <StageControl versionId={v.id} label={`v${v.version}`} stage={v.stage} canSetStage={v.viewerCanSetStage} onDone={changed} />
            </li>
          ))}
        </ul>
      )}
      {active.error && <ErrorMessage error={active.error} onRetry={active.refetch} />}
    </section>
  );
}
