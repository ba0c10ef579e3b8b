// One case: the image and its current mask in the editor, tools with keyboard shortcuts (`?` lists
// them), save with an idempotency key (a double-click or a retry saves once), a clear CONFLICT with
// a reload choice, older versions opened read-only and restored as a new version, the next case,
// and a question before unsaved edits are lost.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { LeaveGuard } from "../../../components/LeaveGuard";
import { ErrorMessage, Loading, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { CasePageQuery, LabelHistory_LabelFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { GraphQLFailure } from "../../../lib/graphql";
import { useClient, useQuery, useSubscription } from "../../../lib/hooks";
import { AssignControl } from "../components/AssignControl";
import { CaseStatusControl } from "../components/CaseStatusControl";
import { LabelHistory } from "../components/LabelHistory";
import { LabelNamesForm } from "../components/LabelNamesForm";
import { paintable } from "../components/Legend";
import { MaskEditor, type EditorState, type MaskEditorHandle, type Tool } from "../components/MaskEditor";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { MAX_BRUSH, Toolbar } from "../components/Toolbar";
import { resolveKey } from "../lib/shortcuts";
import "../labels.css";

export const CasePageDocument = graphql(`
  query CasePage($id: ID!) {
    case(id: $id) {
      id title status shape labelValues viewerCanLabel viewerCanManage
      labelClasses { ...Legend_LabelClass }
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

export const NextCaseDocument = graphql(`
  query NextCase($after: ID) {
    nextCase(after: $after) { id title }
  }
`);

type CaseData = CasePageQuery["case"];

interface Loaded {
  image: ArrayBuffer;
  mask: ArrayBuffer | null;
  baseId: string | null;
}

/** An older version open read-only: its mask bytes as stored (restoring sends them back as they are). */
interface Viewing {
  label: LabelHistory_LabelFragment;
  mask: ArrayBuffer;
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

const failure = (e: unknown) =>
  e instanceof GraphQLFailure ? e : new GraphQLFailure([{ message: e instanceof Error ? e.message : String(e), code: "INTERNAL" }]);

function Editor({ c, onSaved, reload, onNextCase, viewing, onView, onDirty }: {
  c: CaseData;
  onDirty: (dirty: boolean) => void;
  onSaved: () => void;
  reload: () => void;
  onNextCase: () => void;
  viewing: Viewing | null;
  onView: (label: LabelHistory_LabelFragment | null) => void;
}) {
  const client = useClient();
  const editor = useRef<MaskEditorHandle>(null);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [tool, setTool] = useState<Tool>({ mode: "brush", value: paintable(c.labelClasses)[0]?.value ?? 1, size: 3 });
  const depth = c.shape[2] ?? 1;
  const [slice, setSlice] = useState(Math.floor(depth / 2));
  const [opacity, setOpacity] = useState(0.5);
  const [overlay, setOverlay] = useState(true);
  const [history, setHistory] = useState<EditorState>({ dirty: false, canUndo: false, canRedo: false });
  const [comment, setComment] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<GraphQLFailure>();
  const [newer, setNewer] = useState<{ version: number; by: string }>();
  const [saved, setSaved] = useState<string>();
  const [help, setHelp] = useState(false);
  // One key per edit: made at the first stroke after a load or a save, reused by every retry.
  const key = useRef<string | null>(null);
  // One key per restore of a version, reused by its retries.
  const restoreKey = useRef<{ labelId: string; key: string } | null>(null);
  const savedIds = useRef(new Set<string>());
  const editable = c.viewerCanLabel && !viewing;
  const dirty = history.dirty && !viewing;
  useEffect(() => {
    onDirty(dirty);
  }, [dirty, onDirty]);

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

  const onChange = useCallback((state: EditorState) => {
    setHistory(state);
    if (state.dirty) {
      setSaved(undefined);
      key.current ??= crypto.randomUUID();
    }
  }, []);

  const send = async (mask: Blob, base: string | null, idempotencyKey: string, note: string) => {
    const variables = { caseId: c.id, mask: null as unknown as File, base, key: idempotencyKey, comment: note };
    const done = await client.upload(SaveLabelDocument, variables, { mask }, () => {}).result;
    savedIds.current.add(done.saveLabel.label.id);
    return done.saveLabel;
  };

  const save = async () => {
    if (saving || !loaded || !editor.current || !editable) return;
    setSaving(true);
    setError(undefined);
    key.current ??= crypto.randomUUID();
    try {
      const bytes = await editor.current.exportMask();
      const done = await send(new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }), loaded.baseId, key.current, comment);
      setLoaded({ ...loaded, baseId: done.label.id });
      key.current = null;
      editor.current?.markSaved();
      setComment("");
      setSaved(`Saved as version ${done.label.version}${done.replayed ? " (already saved earlier)" : ""}.`);
      onSaved();
    } catch (e) {
      setError(failure(e));
    } finally {
      setSaving(false);
    }
  };

  // A restore is a save of the old version's mask file on top of the current one: the same idempotent
  // path, so a retry after a lost answer stores it once, and a newer save in between is a CONFLICT.
  const restore = async () => {
    if (saving || !loaded || !viewing) return;
    setSaving(true);
    setError(undefined);
    if (restoreKey.current?.labelId !== viewing.label.id) restoreKey.current = { labelId: viewing.label.id, key: crypto.randomUUID() };
    try {
      const note = `Restored v${viewing.label.version}${comment ? `: ${comment}` : ""}`;
      const done = await send(new Blob([viewing.mask], { type: "application/octet-stream" }), loaded.baseId, restoreKey.current.key, note);
      restoreKey.current = null;
      setComment("");
      setSaved(`Restored v${viewing.label.version} as version ${done.label.version}${done.replayed ? " (already saved earlier)" : ""}.`);
      onView(null);
      onSaved();
    } catch (e) {
      setError(failure(e));
    } finally {
      setSaving(false);
    }
  };

  // The page's shortcuts (lib/shortcuts.ts); the handler sees this render's state through the ref.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  const handleKey = (e: KeyboardEvent) => {
    if (help || e.defaultPrevented || (e.target instanceof Element && e.target.closest(".dialog-backdrop"))) return;
    const hit = resolveKey(e);
    if (!hit) return;
    const ed = editor.current;
    const handled = (() => {
      switch (hit.action) {
        case "help": setHelp(true); return true;
        case "save": if (editable && dirty) void save(); return true; // never the browser's "Save page"
        case "nextCase": onNextCase(); return true;
        case "toggleOverlay": setOverlay((o) => !o); return true;
        case "nextSlice": ed?.setSlice(slice + 1); return true;
        case "previousSlice": ed?.setSlice(slice - 1); return true;
        case "cursorLeft": case "cursorRight": case "cursorUp": case "cursorDown":
          ed?.moveCursor(hit.dx ?? 0, hit.dy ?? 0); return true;
        default: break;
      }
      if (!editable) return false;
      switch (hit.action) {
        case "brush": setTool((t) => ({ ...t, mode: "brush" })); return true;
        case "eraser": setTool((t) => ({ ...t, mode: "eraser" })); return true;
        case "smaller": setTool((t) => ({ ...t, size: Math.max(1, t.size - 1) })); return true;
        case "bigger": setTool((t) => ({ ...t, size: Math.min(MAX_BRUSH, t.size + 1) })); return true;
        case "undo": ed?.undo(); return true;
        case "redo": ed?.redo(); return true;
        case "paint": ed?.paintAtCursor(); return true;
        case "label": {
          const pick = paintable(c.labelClasses)[hit.index ?? 0];
          if (pick) setTool((t) => ({ ...t, mode: "brush", value: pick.value }));
          return !!pick;
        }
        default: return false;
      }
    })();
    if (handled) e.preventDefault();
  };
  useLayoutEffect(() => {
    onKey.current = handleKey;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  if (loadError) return <div className="state error" role="alert">{loadError}</div>;
  if (!loaded) return <Loading what="Loading the image" />;
  const conflict = error?.code === "CONFLICT";
  const shownMask = viewing ? viewing.mask : loaded.mask;
  return (
    <>
      <LeaveGuard when={dirty || saving} lost={`Your unsaved mask edits on “${c.title}”${c.currentLabel ? ` (made on v${c.currentLabel.version})` : ""}`}
        confirmLabel="Discard my edits and leave" />
      {(conflict || newer) && (
        <div className="state error" role="alert">
          {conflict ? <><span className="code">CONFLICT</span>: {error.message}</> : <>A newer version (v{newer!.version}) was saved by {newer!.by}.</>}{" "}
          Reloading shows the newest mask{dirty ? " and discards your unsaved edits" : ""}.{" "}
          <button type="button" onClick={reload}>Reload the newest mask</button>
        </div>
      )}
      {viewing && (
        <div className="panel version-banner" role="status">
          <span>
            <strong>Viewing v{viewing.label.version}</strong> (read-only), saved by {viewing.label.author?.email ?? "a former user"},{" "}
            {formatTime(viewing.label.createdAt)}{viewing.label.comment && <> — “{viewing.label.comment}”</>}
          </span>
          {c.viewerCanLabel && c.status !== "DONE" && (
            <button type="button" onClick={() => void restore()} disabled={saving}>
              {saving ? "Restoring…" : `Restore v${viewing.label.version} as a new version`}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => onView(null)}>Back to the current mask</button>
        </div>
      )}
      <Toolbar tool={tool} onTool={setTool} classes={c.labelClasses} slice={slice} depth={depth}
        onSlice={(k) => editor.current?.setSlice(k)} opacity={opacity} onOpacity={setOpacity} overlay={overlay} onOverlay={setOverlay}
        onUndo={() => editor.current?.undo()} onRedo={() => editor.current?.redo()} canUndo={history.canUndo} canRedo={history.canRedo}
        editable={editable} onHelp={() => setHelp(true)} />
      {/* Focusable so a keyboard user lands on the picture; the arrows move its cursor, Space paints. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the image takes the arrow keys */}
      <div className="viewer" tabIndex={0} role="group" aria-label={editable ? "Mask editor: arrow keys move the cursor, Space paints, ? lists every key" : "Mask viewer (read-only)"}>
        <MaskEditor ref={editor} image={loaded.image} mask={shownMask} depth={depth} tool={tool} colors={c.labelClasses}
          opacity={overlay ? opacity : 0} editable={editable} onChange={onChange} onSlice={setSlice} />
      </div>
      {c.viewerCanLabel && (
        <div className="row panel" style={{ alignItems: "flex-end" }}>
          <label style={{ flex: 1 }}>
            Comment
            <input value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={!!error?.forField("comment")} />
            {error?.forField("comment") && <span className="field-error">{error.forField("comment")}</span>}
          </label>
          {!viewing && <button type="button" onClick={() => void save()} disabled={saving || !dirty} title="Ctrl + S">{saving ? "Saving…" : "Save mask"}</button>}
          <span role="status" className="muted">{saved ?? (viewing ? "Read-only" : dirty ? "Unsaved edits" : "No edits")}</span>
        </div>
      )}
      {error && !conflict && !error.forField("comment") && <ErrorMessage error={error} />}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      <LabelHistory labels={c.labels} currentId={c.currentLabel?.id ?? null} viewingId={viewing?.label.id ?? null}
        onView={onView} />
    </>
  );
}

export function CaseView() {
  const { id = "" } = useParams();
  // Another case starts afresh: nothing of this one's versions, messages or edits carries over.
  return <CasePage key={id} id={id} />;
}

function CasePage({ id }: { id: string }) {
  const navigate = useNavigate();
  const client = useClient();
  const page = useQuery(CasePageDocument, { id });
  const [generation, setGeneration] = useState(0);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const [opening, setOpening] = useState<{ label: LabelHistory_LabelFragment; confirm: boolean } | null>(null);
  const [viewError, setViewError] = useState<string>();
  const [next, setNext] = useState<{ busy: boolean; message?: string }>({ busy: false });
  const dirtyRef = useRef(false);
  const onDirty = useCallback((d: boolean) => {
    dirtyRef.current = d;
  }, []);

  const reload = () => {
    setGeneration((g) => g + 1); // a fresh editor: new bytes, no stale edits or keys
    setViewing(null);
    page.refetch();
  };

  const open = async (label: LabelHistory_LabelFragment) => {
    setOpening(null);
    setViewError(undefined);
    try {
      setViewing({ label, mask: await bytesOf(label.mask.url) });
    } catch (e) {
      setViewError(e instanceof Error ? e.message : String(e));
    }
  };

  const goNext = async () => {
    if (next.busy) return;
    setNext({ busy: true });
    try {
      const found = (await client.request(NextCaseDocument, { after: id })).nextCase;
      if (found) {
        setNext({ busy: false });
        navigate(`/labeling/cases/${encodeURIComponent(found.id)}`); // the leave guard asks if edits are unsaved
      } else {
        setNext({ busy: false, message: "No other open case is waiting for you." });
      }
    } catch (e) {
      setNext({ busy: false, message: failure(e).message });
    }
  };

  return (
    <QueryResult state={page} what="Loading the case">
      {({ case: c }) => (
        <div className="labeling">
          <div className="case-head">
            <h1>{c.title} <span className="badge">{c.status.replace("_", " ")}</span></h1>
            <div className="row" style={{ alignItems: "center" }}>
              {next.message && <span role="status" className="muted">{next.message}</span>}
              <button type="button" className="secondary" onClick={() => void goNext()} aria-disabled={next.busy} title="Key N">
                {next.busy ? "Finding the next case…" : "Next case ›"}
              </button>
            </div>
          </div>
          <p className="muted">
            {c.shape.join(" × ")} voxels · {c.currentLabel ? `current mask v${c.currentLabel.version}` : "no mask yet"}
            {c.assignee ? ` · assigned to ${c.assignee.email}` : " · unassigned"}
            {!c.viewerCanLabel && " · read only"} · press <kbd>?</kbd> for keyboard shortcuts
          </p>
          {c.viewerCanManage && (
            <div className="panel manage">
              <CaseStatusControl key={c.status} caseId={c.id} status={c.status} onChanged={page.refetch} />
              <AssignControl key={c.assignee?.id ?? "nobody"} caseId={c.id} assigneeId={c.assignee?.id ?? null} onChanged={page.refetch} />
              <LabelNamesForm key={c.labelClasses.map((l) => l.name).join("|")} caseId={c.id} classes={c.labelClasses} onChanged={page.refetch} />
            </div>
          )}
          {viewError && <div className="state error" role="alert">{viewError}</div>}
          <Editor key={`${c.id}:${generation}`} c={c} onSaved={page.refetch} reload={reload} onNextCase={() => void goNext()}
            viewing={viewing} onDirty={onDirty}
            onView={(label) => {
              if (!label) return setViewing(null);
              if (dirtyRef.current) return setOpening({ label, confirm: true });
              void open(label);
            }} />
          {opening?.confirm && (
            <ConfirmDialog title={`Open v${opening.label.version} read-only?`} confirmLabel="Discard my edits and open"
              onConfirm={() => void open(opening.label)} onCancel={() => setOpening(null)}>
              <p>Your unsaved mask edits on “{c.title}” will be lost: the viewer shows v{opening.label.version} instead.</p>
            </ConfirmDialog>
          )}
        </div>
      )}
    </QueryResult>
  );
}
