// The NIfTI image with the mask overlaid, drawn by Niivue (WebGL2): axial slices, a brush or an
// eraser of a chosen size and label value, the labels in the legend's colours at a chosen opacity,
// undo and redo, a cursor the keyboard moves and paints at, and the edited mask exported as NIfTI.
import { Niivue, NVImage } from "@niivue/niivue";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";

export interface Tool {
  mode: "brush" | "eraser";
  value: number;
  size: number;
}

export interface EditorState {
  /** The mask differs from the one loaded (or last saved). */
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

export interface MaskEditorHandle {
  /** The mask as it is now, as an uncompressed NIfTI file with the image's header. */
  exportMask(): Promise<Uint8Array>;
  undo(): void;
  redo(): void;
  setSlice(k: number): void;
  /** Move the cursor (the crosshair) within the slice by voxels; +y is anterior (up on screen). */
  moveCursor(dx: number, dy: number): void;
  /** One brush (or eraser) dab at the cursor: how the keyboard paints. */
  paintAtCursor(): void;
  /** What is shown now is what the server holds: the dirty mark starts again from here. */
  markSaved(): void;
}

export interface LabelColor {
  value: number;
  color: string | null;
}

interface Props {
  image: ArrayBuffer;
  mask: ArrayBuffer | null;
  depth: number;
  tool: Tool;
  editable: boolean;
  colors: LabelColor[];
  /** 0 to 1; 0 hides the mask. */
  opacity: number;
  onChange: (state: EditorState) => void;
  onSlice: (k: number) => void;
}

// NVImage.new's declaration lists all 20 parameters as required; every one after `name` has a default.
const imageFrom = NVImage.new.bind(NVImage) as unknown as (data: ArrayBuffer, name: string) => Promise<NVImage>;

// Undo snapshots are whole bitmaps (one byte a voxel): keep as many as fit in this budget, 5 to 50.
const HISTORY_BYTES = 256 * 1024 * 1024;

function goTo(viewer: Niivue, k: number, depth: number) {
  const pos = viewer.scene.crosshairPos;
  viewer.scene.crosshairPos = [pos[0] ?? 0.5, pos[1] ?? 0.5, (k + 0.5) / depth] as typeof pos;
  viewer.drawScene();
}

/** The axial slice with the most labelled voxels, so a case opens where its mask is (else the middle). */
function busiestSlice(viewer: Niivue, depth: number): number {
  const bitmap = viewer.drawBitmap;
  if (!bitmap || depth < 1) return Math.floor(depth / 2);
  const perSlice = bitmap.length / depth;
  let best = Math.floor(depth / 2);
  let most = 0;
  for (let z = 0; z < depth; z++) {
    let n = 0;
    for (let i = z * perSlice; i < (z + 1) * perSlice; i++) if (bitmap[i]) n++;
    if (n > most) [best, most] = [z, n];
  }
  return best;
}

/** Niivue's drawing colour table from the server's colours: value v is drawn in its legend colour. */
export function drawLut(colors: LabelColor[]): { lut: Uint8ClampedArray; min: number; max: number; labels: string[] } {
  const lut = new Uint8ClampedArray(256 * 4);
  for (const { value, color } of colors) {
    if (!color || value <= 0 || value > 255) continue; // a drawing holds one byte a voxel
    const hex = Number.parseInt(color.slice(1), 16);
    lut.set([(hex >> 16) & 255, (hex >> 8) & 255, hex & 255, 255], value * 4);
  }
  return { lut, min: 0, max: 255, labels: Array.from({ length: 256 }, (_, i) => String(i)) };
}

class History {
  private past: Uint8Array[] = [];
  private future: Uint8Array[] = [];
  private now: Uint8Array | null = null;
  private steps = 0; // from the saved state: 0 means nothing to save

  reset(bitmap: Uint8Array | null) {
    this.past = [];
    this.future = [];
    this.now = bitmap ? bitmap.slice() : null;
    this.steps = 0;
  }

  record(bitmap: Uint8Array) {
    if (this.now) this.past.push(this.now);
    const keep = Math.min(50, Math.max(5, Math.floor(HISTORY_BYTES / Math.max(1, bitmap.length))));
    if (this.past.length > keep) this.past.splice(0, this.past.length - keep);
    this.now = bitmap.slice();
    this.future = [];
    // An edit after undoing past the save can never get back to it by redo: it stays dirty.
    this.steps = this.steps < 0 ? Number.POSITIVE_INFINITY : this.steps + 1;
  }

  undo(): Uint8Array | null {
    const before = this.past.pop();
    if (!before || !this.now) return null;
    this.future.push(this.now);
    this.now = before;
    this.steps -= 1;
    return before.slice();
  }

  redo(): Uint8Array | null {
    const after = this.future.pop();
    if (!after || !this.now) return null;
    this.past.push(this.now);
    this.now = after;
    this.steps += 1;
    return after.slice();
  }

  markSaved() {
    this.steps = 0;
  }

  state(): EditorState {
    return { dirty: this.steps !== 0, canUndo: this.past.length > 0, canRedo: this.future.length > 0 };
  }
}

export const MaskEditor = forwardRef<MaskEditorHandle, Props>(function MaskEditor(
  { image, mask, depth, tool, editable, colors, opacity, onChange, onSlice },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nv = useRef<Niivue | null>(null);
  const ready = useRef(false);
  const history = useRef(new History());
  const [error, setError] = useState<string>();
  const latest = useRef({ onChange, onSlice, tool, editable, colors, opacity });
  latest.current = { onChange, onSlice, tool, editable, colors, opacity };

  // Tool, colours and opacity as the props say now; runs again once the volumes are in.
  const apply = () => {
    const viewer = nv.current;
    if (!viewer || !ready.current) return;
    const { tool: t, editable: canEdit, colors: c, opacity: o } = latest.current;
    viewer.opts.penSize = t.size;
    viewer.setPenValue(t.mode === "eraser" ? 0 : t.value, false);
    viewer.setDrawingEnabled(canEdit);
    viewer.drawLut = drawLut(c);
    viewer.setDrawOpacity(o); // redraws, with the colour table above
  };

  const recorded = () => {
    const viewer = nv.current;
    if (!viewer?.drawBitmap) return;
    history.current.record(viewer.drawBitmap);
    latest.current.onChange(history.current.state());
  };

  const show = (bitmap: Uint8Array | null) => {
    const viewer = nv.current;
    if (!viewer || !bitmap) return;
    viewer.drawBitmap = bitmap;
    viewer.refreshDrawing(true);
    latest.current.onChange(history.current.state());
  };

  useEffect(() => {
    let live = true;
    ready.current = false;
    const viewer = new Niivue({
      dragAndDropEnabled: false, show3Dcrosshair: false, backColor: [0, 0, 0, 1], isResizeCanvas: true,
      crosshairWidth: 1, crosshairColor: [0.3, 0.8, 1, 0.8],
      // Niivue's own hotkeys (V cycles the view, C the clip plane) would clash with the page's shortcuts.
      viewModeHotKey: "", clipPlaneHotKey: "", cycleClipPlaneHotKey: "",
    });
    nv.current = viewer;
    (async () => {
      await viewer.attachToCanvas(canvas.current!);
      const volume = await imageFrom(image.slice(0), "image.nii.gz");
      if (!live) return;
      viewer.addVolume(volume);
      viewer.setSliceType(viewer.sliceTypeAxial);
      if (mask) viewer.loadDrawing(await imageFrom(mask.slice(0), "mask.nii.gz"));
      else viewer.createEmptyDrawing();
      if (!live) return;
      ready.current = true;
      apply();
      history.current.reset(viewer.drawBitmap);
      latest.current.onChange(history.current.state());
      viewer.onDrawingChanged = (action) => {
        if (action === "draw") recorded(); // "undo" and "load" come from here, not from the person
      };
      viewer.onLocationChange = (loc) => {
        const vox = (loc as { vox?: number[] }).vox;
        if (vox && vox[2] !== undefined) latest.current.onSlice(Math.round(vox[2]));
      };
      const k = busiestSlice(viewer, depth);
      goTo(viewer, k, depth);
      latest.current.onSlice(k);
    })().catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      nv.current = null;
      // Niivue has no dispose; dropping the canvas (unmount) frees its WebGL context.
    };
    // A new viewer only for new bytes: `apply` and `recorded` read everything else through `latest`.
  }, [image, mask, depth]);

  useEffect(apply, [tool, editable, colors, opacity]);

  useImperativeHandle(ref, () => ({
    async exportMask() {
      const out = await nv.current?.saveImage({ filename: "", isSaveDrawing: true, volumeByIndex: 0 });
      if (!(out instanceof Uint8Array)) throw new Error("The viewer has no mask to save yet.");
      return out;
    },
    undo() {
      show(history.current.undo());
    },
    redo() {
      show(history.current.redo());
    },
    setSlice(k: number) {
      if (!nv.current) return;
      goTo(nv.current, Math.max(0, Math.min(depth - 1, k)), depth);
      latest.current.onSlice(Math.max(0, Math.min(depth - 1, k)));
    },
    moveCursor(dx: number, dy: number) {
      nv.current?.moveCrosshairInVox(dx, dy, 0);
    },
    paintAtCursor() {
      const viewer = nv.current;
      if (!viewer?.drawBitmap || !ready.current || !latest.current.editable) return;
      const [x, y, z] = viewer.frac2vox(viewer.scene.crosshairPos);
      viewer.drawPenAxCorSag = 0; // a dab in the axial slice shown, like a mouse stroke there
      const { tool: t } = latest.current;
      viewer.drawPt(x ?? 0, y ?? 0, z ?? 0, t.mode === "eraser" ? 0 : t.value);
      viewer.refreshDrawing(true);
      recorded();
    },
    markSaved() {
      history.current.markSaved();
      latest.current.onChange(history.current.state());
    },
  }), [depth]);

  return (
    <div className="mask-editor">
      <canvas ref={canvas} style={{ width: "100%", height: "100%", display: "block" }}
        aria-label="Image with the mask overlaid; draw on it with the chosen tool, or move the cursor with the arrow keys and paint with Space" />
      {error && <div className="state error" role="alert">The viewer could not show the image: {error}</div>}
    </div>
  );
});
