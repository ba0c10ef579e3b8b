import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ModelTabs } from "../components/ModelTabs";
import { LiveVersionBadge } from "../components/VersionBadge";
import { MAX_COMPARED } from "../components/compareRows";

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
  const navigate = useNavigate();
  // Version numbers ticked for comparison; the compare page keeps them in its address.
  const [picked, setPicked] = useState<number[]>([]);
  const pick = (n: number, on: boolean) => setPicked((now) => (on ? [...now, n] : now.filter((x) => x !== n)));
  const compare = () => {
    if (picked.length < 2) return;
    const versions = [...picked].sort((a, b) => a - b).join(",");
    navigate(`/models/${encodeURIComponent(id)}/compare?versions=${versions}`);
  };
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
            <>
            <div className="row" style={{ alignItems: "center", marginBottom: 8 }}>
              <button type="button" className="secondary" onClick={compare} aria-disabled={picked.length < 2}>
                Compare{picked.length >= 2 && ` ${picked.length} versions`}
              </button>
              <span className="muted" role="status">
                {picked.length < 2 ? "Tick two or more versions to compare them side by side." : `Up to ${MAX_COMPARED} at once.`}
              </span>
            </div>
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Versions of {model.name}, newest first</caption>
                <thead><tr><th><span className="sr-only">Compare</span></th><th>Version</th><th>Status</th><th>Stage</th><th>Description</th><th>Uploaded</th></tr></thead>
                <tbody>
                  {model.versions.map((v) => (
                    <tr key={v.id}>
                      <td>
                        <input type="checkbox" aria-label={`Compare v${v.version}`} checked={picked.includes(v.version)}
                          disabled={!picked.includes(v.version) && picked.length >= MAX_COMPARED}
                          onChange={(e) => pick(v.version, e.target.checked)} />
                      </td>
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
            </>
          )}
        </>
      )}
    </QueryResult>
  );
}
