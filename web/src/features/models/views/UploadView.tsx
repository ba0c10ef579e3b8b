// Upload an .onnx file as a new model or the next version of one: a real progress bar from the
// upload's byte count, cancel, and the server's validation errors next to the field they name.
import { useRef, useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ErrorMessage, Loading, NotAllowed } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatBytes } from "../../../lib/format";
import { GraphQLFailure, type UploadHandle, type UploadProgress } from "../../../lib/graphql";
import { useClient, useQuery } from "../../../lib/hooks";
import { FileDrop } from "../components/FileDrop";

export const UploadTargetsDocument = graphql(`
  query UploadTargets {
    me { id role canUploadModels }
    models(first: 100) { edges { node { id name latestVersion } } }
  }
`);

export const RegisterModelDocument = graphql(`
  mutation RegisterModel($name: String!, $description: String!, $tags: [String!]) {
    registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }
  }
`);

export const UploadVersionDocument = graphql(`
  mutation UploadVersion($file: Upload!, $modelId: ID!, $description: String!, $key: String) {
    uploadModelVersion(file: $file, modelId: $modelId, description: $description, idempotencyKey: $key) {
      replayed
      version { id }
    }
  }
`);

// Which form field a server error belongs to.
const FIELD_OF: Record<string, string> = {
  file: "file", modelName: "name", name: "name", tags: "tags", modelId: "model", description: "description",
};

export function UploadView() {
  const client = useClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const targets = useQuery(UploadTargetsDocument);
  const [modelId, setModelId] = useState(params.get("model") ?? "");
  const [name, setName] = useState("");
  const [tags, setTags] = useState("");
  const [description, setDescription] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<GraphQLFailure>();
  const handle = useRef<UploadHandle<unknown> | null>(null);
  const fieldError = (f: string) => (error?.field && FIELD_OF[error.field] === f ? error.message : undefined);

  const choose = (f: File) => {
    setFile(f);
    setKey(crypto.randomUUID()); // a new file is a new upload; a retry of the same one reuses the key
    setError(undefined);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError(new GraphQLFailure([{ message: "Choose the .onnx file to upload.", code: "BAD_USER_INPUT", field: "file" }]));
      return;
    }
    setError(undefined);
    let target = modelId;
    if (!target) {
      // A new model is registered first, so a bad name is refused before any byte is sent.
      try {
        const tagList = tags.split(",").map((t) => t.trim()).filter(Boolean);
        const made = await client.request(RegisterModelDocument, { name, description, tags: tagList });
        target = made.registerModel.id;
        setModelId(target); // a failed upload below is retried as the next version of this model
        targets.refetch();
      } catch (err) {
        setError(err instanceof GraphQLFailure ? err : new GraphQLFailure([{ message: String(err), code: "INTERNAL" }]));
        return;
      }
    }
    setProgress({ loaded: 0, total: file.size });
    const variables = { file: null as unknown as File, modelId: target, description, key };
    const h = client.upload(UploadVersionDocument, variables, { file }, setProgress);
    handle.current = h;
    try {
      const done = await h.result;
      navigate(`/models/versions/${encodeURIComponent(done.uploadModelVersion.version.id)}`);
    } catch (err) {
      setError(err instanceof GraphQLFailure ? err : new GraphQLFailure([{ message: String(err), code: "INTERNAL" }]));
    } finally {
      handle.current = null;
      setProgress(null);
    }
  };
  const uploading = progress !== null;
  const pct = progress && progress.total ? Math.round((progress.loaded / progress.total) * 100) : 0;
  const general = error && !(error.field && FIELD_OF[error.field]);
  // The form only for those the server lets upload; others learn why instead of a form that fails.
  const me = targets.data?.me;
  if (!me || !me.canUploadModels) {
    return (
      <>
        <h1>Upload a model</h1>
        {me ? (
          <NotAllowed role={me.role} action="upload models" needs="data scientist, ml engineer or admin" />
        ) : targets.error ? (
          <ErrorMessage error={targets.error} onRetry={targets.refetch} />
        ) : (
          <Loading what="Loading" />
        )}
      </>
    );
  }
  return (
    <>
      <h1>Upload a model</h1>
      <form className="stack panel" onSubmit={(e) => void submit(e)} aria-label="Upload a model" style={{ maxWidth: 720 }}>
        <label>
          Model
          <select value={modelId} onChange={(e) => setModelId(e.target.value)} disabled={uploading} aria-invalid={!!fieldError("model")}>
            <option value="">A new model…</option>
            {targets.data?.models.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>{node.name} (next: v{node.latestVersion + 1})</option>
            ))}
          </select>
          {fieldError("model") && <span className="field-error">{fieldError("model")}</span>}
        </label>
        {!modelId && (
          <div className="row" style={{ alignItems: "flex-start" }}>
            <label style={{ flex: 2 }}>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} disabled={uploading} aria-invalid={!!fieldError("name")} />
              {fieldError("name") && <span className="field-error">{fieldError("name")}</span>}
            </label>
            <label style={{ flex: 1 }}>
              Tags (comma separated)
              <input value={tags} onChange={(e) => setTags(e.target.value)} disabled={uploading} aria-invalid={!!fieldError("tags")} />
              {fieldError("tags") && <span className="field-error">{fieldError("tags")}</span>}
            </label>
          </div>
        )}
        <label>
          Description
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} disabled={uploading}
            aria-invalid={!!fieldError("description")} />
          {fieldError("description") && <span className="field-error">{fieldError("description")}</span>}
        </label>
        <FileDrop file={file} onFile={choose} accept=".onnx" error={fieldError("file")} />
        {uploading && (
          <div className="stack" style={{ gap: 4 }}>
            <div className="progress" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
              <div style={{ width: `${pct}%` }} />
            </div>
            <span className="muted">{pct}% · {formatBytes(progress.loaded)} of {formatBytes(progress.total)}{pct === 100 && " · the server is storing it…"}</span>
          </div>
        )}
        <div className="row">
          <button type="submit" disabled={uploading}>Upload</button>
          {uploading && <button type="button" className="secondary" onClick={() => handle.current?.cancel()}>Cancel</button>}
        </div>
        {general && <ErrorMessage error={error} />}
      </form>
    </>
  );
}
