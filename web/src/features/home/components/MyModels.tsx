// Uploaders: the models they registered or uploaded to, each with its newest versions' states and
// the next step a version in that state asks of its owner.
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { ModelStage, ModelVersionStatus } from "../../../gql/graphql";
import { useQuery } from "../../../lib/hooks";
import { VersionBadge } from "../../models/components/VersionBadge";
import { Block } from "./Block";

export const OverviewMyModelsDocument = graphql(`
  query OverviewMyModels {
    models(mine: true, first: 8) {
      edges { node { id name versions(first: 3) { id version status stage } } }
      pageInfo { hasNextPage }
    }
  }
`);

/** What the owner does next with a version in this state (nothing when it waits on someone else). */
export function nextStep(status: ModelVersionStatus, stage: ModelStage): string {
  switch (status) {
    case "VALIDATED": return "submit it for approval";
    case "VALIDATION_FAILED": return "read the report, fix, upload again";
    case "REJECTED": return "read the reviewer's reason";
    case "APPROVED": return stage === "NONE" ? "deploy it" : "";
    default: return "";
  }
}

export function MyModels() {
  const state = useQuery(OverviewMyModelsDocument);
  return (
    <Block title="My models" to="/models" linkText="All models" state={state}
      isEmpty={(d) => d.models.edges.length === 0}
      empty={<>You have not registered or uploaded a model yet. <Link to="/models/upload">Upload an .onnx file</Link> to start.</>}>
      {(d) => (
        <>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Models you registered or uploaded to, with their newest versions</caption>
              <thead><tr><th>Model</th><th>Newest versions</th></tr></thead>
              <tbody>
                {d.models.edges.map(({ node: m }) => (
                  <tr key={m.id}>
                    <td><Link to={`/models/${encodeURIComponent(m.id)}`}>{m.name}</Link></td>
                    <td>
                      {m.versions.length === 0 ? (
                        <span className="muted">no versions yet: <Link to={`/models/upload?model=${encodeURIComponent(m.id)}`}>upload one</Link></span>
                      ) : (
                        <ul className="overview-list">
                          {m.versions.map((v) => {
                            const step = nextStep(v.status, v.stage);
                            return (
                              <li key={v.id}>
                                <Link to={`/models/versions/${encodeURIComponent(v.id)}`}>v{v.version}</Link>{" "}
                                <VersionBadge status={v.status} />
                                {v.stage !== "NONE" && <> <span className="badge">{v.stage}</span></>}
                                {step && <span className="muted"> · {step}</span>}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.models.pageInfo.hasNextPage && <p><Link to="/models">More of your models on the Models page</Link></p>}
        </>
      )}
    </Block>
  );
}
