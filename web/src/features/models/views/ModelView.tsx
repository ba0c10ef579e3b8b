import { Link, useParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ModelTabs } from "../components/ModelTabs";
import { LiveVersionBadge } from "../components/VersionBadge";

export const ModelPageDocument = graphql(`
  query ModelPage($id: ID!) {
    me { id canUploadModels }
    model(id: $id) {
      id name description tags createdAt
      versions { id version status stage description createdAt }
    }
  }
`);

export function ModelView() {
  const { id = "" } = useParams();
  const page = useQuery(ModelPageDocument, { id });
  return (
    <QueryResult state={page} what="Loading the model">
      {({ me, model }) => (
        <>
          <div className="row" style={{ justifyContent: "space-between", alignItems: "center", marginBottom: 16 }}>
            <h1 style={{ margin: 0 }}>{model.name}</h1>
            {me.canUploadModels && (
              <Link className="button" to={`/models/upload?model=${encodeURIComponent(model.id)}`}>Upload a new version</Link>
            )}
          </div>
          <ModelTabs modelId={model.id} />
          <p>{model.description} {model.tags.length > 0 && <span className="muted">· {model.tags.join(", ")}</span>}</p>
          {model.versions.length === 0 ? (
            <Empty>No versions yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>Version</th><th>Status</th><th>Stage</th><th>Description</th><th>Uploaded</th></tr></thead>
                <tbody>
                  {model.versions.map((v) => (
                    <tr key={v.id}>
                      <td><Link to={`/models/versions/${encodeURIComponent(v.id)}`}>v{v.version}</Link></td>
                      <td><LiveVersionBadge id={v.id} status={v.status} /></td>
                      <td>{v.stage === "NONE" ? <span className="muted">—</span> : <span className="badge">{v.stage}</span>}</td>
                      <td>{v.description}</td>
                      <td>{formatTime(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </QueryResult>
  );
}
