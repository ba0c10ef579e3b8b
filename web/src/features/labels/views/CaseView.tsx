// One case: the image and its current mask in the editor, tools, save with an idempotency key
// (a double-click or a retry saves once), a clear CONFLICT with a reload choice, and the history.
import { useCallback, useEffect, useRef, useState } from "react";
import { useParams } from "react-router-dom";
import { ErrorMessage, Loading, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CasePageQuery } from "../../../gql/graphql";
import { GraphQLFailure } from "../../../lib/graphql";
import { useClient, useQuery, useSubscription } from "../../../lib/hooks";
import { CaseStatusControl } from "../components/CaseStatusControl";
import { LabelHistory } from "../components/LabelHistory";
import { MaskEditor, type MaskEditorHandle, type Tool } from "../components/MaskEditor";
import { Toolbar } from "../components/Toolbar";

export const CasePageDocument = graphql(`
  query CasePage($id: ID!) {
    case(id: $id) {
      id title status shape labelValues viewerCanLabel viewerCanManage
      assignee { id email }
      currentLabel { id version }
      artifacts { kind url }
      labels { ...LabelHistory_Label }
    }
  }
`);

export const SaveLabelDocument = graphql(`
  mutation SaveLabel($caseId: ID!, $mask: Upload!, $base: ID, $key: String!, $comment: String!) {
    saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $base, idempotencyKey: $key, comment: $comment) {
      replayed
      label { id version }
    }
  }
`);

export const LabelSavedDocument = graphql(`
  subscription LabelSaved($caseId: ID!) {
    labelSaved(caseId: $caseId) { id version author { email } }
  }
`);

type CaseData = CasePageQuery["case"];

interface Loaded {
  image: ArrayBuffer;
  mask: ArrayBuffer | null;
  baseId: string | null;
}

async function bytesOf(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The file could not be fetched (${response.status}); reload the page for a fresh link.`);
  return response.arrayBuffer();
}

async function loadCase(c: CaseData): Promise<Loaded> {
  const url = (kind: string) => c.artifacts.find((a) => a.kind === kind)?.url;
  const imageUrl = url("IMAGE");
  if (!imageUrl) throw new Error("This case has no image.");
  const maskUrl = url("MASK");
  const [image, mask] = await Promise.all([bytesOf(imageUrl), maskUrl ? bytesOf(maskUrl) : Promise.resolve(null)]);
  return { image, mask, baseId: c.currentLabel?.id ?? null };
}

function Editor({ c, onSaved, reload }: { c: CaseData; onSaved: () => void; reload: () => void }) {
  const client = useClient();
  const editor = useRef<MaskEditorHandle>(null);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [tool, setTool] = useState<Tool>({ mode: "brush", value: c.labelValues.find((v) => v !== 0) ?? 1, size: 3 });
  const depth = c.shape[2] ?? 1;
  const [slice, setSlice] = useState(Math.floor(depth / 2));
  const [dirty, setDirty] = useState(false);
  const [comment, setComment] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<GraphQLFailure>();
  const [newer, setNewer] = useState<{ version: number; by: string }>();
  const [saved, setSaved] = useState<string>();
  // One key per edit: made at the first stroke after a load or a save, reused by every retry.
  const key = useRef<string | null>(null);
  const savedIds = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    loadCase(c).then((l) => live && setLoaded(l), (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
    // Only a different current label means different bytes to show: the artifact URLs are signed
    // anew on every refetch, so depending on `c` would download the same volume again.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the case and its label on purpose
  }, [c.id, c.currentLabel?.id]);

  useSubscription(LabelSavedDocument, { caseId: c.id }, (d) => {
    if (!savedIds.current.has(d.labelSaved.id)) setNewer({ version: d.labelSaved.version, by: d.labelSaved.author?.email ?? "someone" });
  });

  const onEdit = useCallback(() => {
    setDirty(true);
    setSaved(undefined);
    key.current ??= crypto.randomUUID();
  }, []);

  const save = async () => {
    if (saving || !loaded || !editor.current) return;
    setSaving(true);
    setError(undefined);
    key.current ??= crypto.randomUUID();
    try {
      const bytes = await editor.current.exportMask();
      const variables = { caseId: c.id, mask: null as unknown as File, base: loaded.baseId, key: key.current, comment };
      const done = await client.upload(SaveLabelDocument, variables, { mask: new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }) }, () => {}).result;
      savedIds.current.add(done.saveLabel.label.id);
      setLoaded({ ...loaded, baseId: done.saveLabel.label.id });
      key.current = null;
      setDirty(false);
      setComment("");
      setSaved(`Saved as version ${done.saveLabel.label.version}${done.saveLabel.replayed ? " (already saved earlier)" : ""}.`);
      onSaved();
    } catch (e) {
      setError(e instanceof GraphQLFailure ? e : new GraphQLFailure([{ message: e instanceof Error ? e.message : String(e), code: "INTERNAL" }]));
    } finally {
      setSaving(false);
    }
  };

  if (loadError) return <div className="state error" role="alert">{loadError}</div>;
  if (!loaded) return <Loading what="Loading the image" />;
  const conflict = error?.code === "CONFLICT";
  return (
    <>
      {(conflict || newer) && (
        <div className="state error" role="alert">
          {conflict ? <><span className="code">CONFLICT</span>: {error.message}</> : <>A newer version (v{newer!.version}) was saved by {newer!.by}.</>}{" "}
          Reloading shows the newest mask{dirty ? " and discards your unsaved edits" : ""}.{" "}
          <button type="button" onClick={reload}>Reload the newest mask</button>
        </div>
      )}
      <Toolbar tool={tool} onTool={setTool} values={c.labelValues} slice={slice} depth={depth}
        onSlice={(k) => editor.current?.setSlice(k)} onUndo={() => editor.current?.undo()} editable={c.viewerCanLabel} />
      <div className="viewer">
        <MaskEditor ref={editor} image={loaded.image} mask={loaded.mask} depth={depth} tool={tool}
          editable={c.viewerCanLabel} onEdit={onEdit} onSlice={setSlice} />
      </div>
      {c.viewerCanLabel && (
        <div className="row panel" style={{ alignItems: "flex-end" }}>
          <label style={{ flex: 1 }}>
            Comment
            <input value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={!!error?.forField("comment")} />
            {error?.forField("comment") && <span className="field-error">{error.forField("comment")}</span>}
          </label>
          <button type="button" onClick={() => void save()} disabled={saving || !dirty}>{saving ? "Saving…" : "Save mask"}</button>
          <span role="status" className="muted">{saved ?? (dirty ? "Unsaved edits" : "No edits")}</span>
        </div>
      )}
      {error && !conflict && !error.forField("comment") && <ErrorMessage error={error} />}
    </>
  );
}

export function CaseView() {
  const { id = "" } = useParams();
  const page = useQuery(CasePageDocument, { id });
  const [generation, setGeneration] = useState(0);
  const reload = () => {
    setGeneration((g) => g + 1); // a fresh editor: new bytes, no stale edits or keys
    page.refetch();
  };
  return (
    <QueryResult state={page} what="Loading the case">
      {({ case: c }) => (
        <>
          <h1>{c.title} <span className="badge">{c.status.replace("_", " ")}</span></h1>
          <p className="muted">
            {c.shape.join(" × ")} voxels · {c.currentLabel ? `current mask v${c.currentLabel.version}` : "no mask yet"}
            {c.assignee && ` · assigned to ${c.assignee.email}`}
            {!c.viewerCanLabel && " · read only"}
          </p>
          {c.viewerCanManage && <CaseStatusControl key={c.status} caseId={c.id} status={c.status} onChanged={page.refetch} />}
          <Editor key={`${generation}`} c={c} onSaved={page.refetch} reload={reload} />
          <LabelHistory labels={c.labels} currentId={c.currentLabel?.id ?? null} />
        </>
      )}
    </QueryResult>
  );
}
