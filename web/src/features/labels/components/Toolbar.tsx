// Brush or eraser, the label (the legend), size, overlay opacity, undo and redo, and slice
// navigation; every control is a plain input, and each has a key (the `?` overlay lists them).
import type { Legend_LabelClassFragment } from "../../../gql/graphql";
import { Legend } from "./Legend";
import type { Tool } from "./MaskEditor";

export const MAX_BRUSH = 15;

export function Toolbar({ tool, onTool, classes, slice, depth, onSlice, opacity, onOpacity, overlay, onOverlay,
  onUndo, onRedo, canUndo, canRedo, editable, onHelp }: {
  tool: Tool;
  onTool: (t: Tool) => void;
  classes: Legend_LabelClassFragment[];
  slice: number;
  depth: number;
  onSlice: (k: number) => void;
  opacity: number;
  onOpacity: (o: number) => void;
  overlay: boolean;
  onOverlay: (shown: boolean) => void;
  onUndo: () => void;
  onRedo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  editable: boolean;
  onHelp: () => void;
}) {
  return (
    <div className="panel stack" role="toolbar" aria-label="Mask tools" style={{ gap: 10 }}>
      <div className="row" style={{ alignItems: "center" }}>
        {editable && (
          <>
            <fieldset className="row" style={{ border: 0, padding: 0, margin: 0, gap: 8 }}>
              <legend className="sr-only">Tool</legend>
              <label className="inline" title="Key B"><input type="radio" name="tool" checked={tool.mode === "brush"}
                onChange={() => onTool({ ...tool, mode: "brush" })} /> Brush</label>
              <label className="inline" title="Key E"><input type="radio" name="tool" checked={tool.mode === "eraser"}
                onChange={() => onTool({ ...tool, mode: "eraser" })} /> Eraser</label>
            </fieldset>
            <label className="inline" style={{ gap: 6 }} title="Keys [ and ]">
              Size
              <input type="range" min={1} max={MAX_BRUSH} value={tool.size} onChange={(e) => onTool({ ...tool, size: Number(e.target.value) })} />
              <output>{tool.size}</output>
            </label>
            <button type="button" className="secondary" onClick={onUndo} disabled={!canUndo} title="Ctrl + Z">Undo</button>
            <button type="button" className="secondary" onClick={onRedo} disabled={!canRedo} title="Ctrl + Shift + Z">Redo</button>
          </>
        )}
        <label className="inline" style={{ gap: 6 }}>
          Opacity
          <input type="range" min={0} max={100} step={5} value={Math.round(opacity * 100)} disabled={!overlay}
            onChange={(e) => onOpacity(Number(e.target.value) / 100)} />
          <output>{Math.round(opacity * 100)} %</output>
        </label>
        <label className="inline" title="Key O">
          <input type="checkbox" checked={overlay} onChange={(e) => onOverlay(e.target.checked)} /> Show mask
        </label>
        <div className="row" style={{ gap: 6, alignItems: "center" }}>
          <button type="button" className="secondary" aria-label="Previous slice" title="Page Down" onClick={() => onSlice(Math.max(0, slice - 1))}>‹</button>
          <label className="inline" style={{ gap: 6 }}>
            Slice
            <input type="range" min={0} max={depth - 1} value={slice} onChange={(e) => onSlice(Number(e.target.value))} />
            <output>{slice + 1} / {depth}</output>
          </label>
          <button type="button" className="secondary" aria-label="Next slice" title="Page Up" onClick={() => onSlice(Math.min(depth - 1, slice + 1))}>›</button>
        </div>
        <button type="button" className="secondary" onClick={onHelp} aria-label="Keyboard shortcuts" title="?">?</button>
      </div>
      <Legend classes={classes} value={editable ? tool.value : null} disabled={tool.mode === "eraser"}
        onPick={editable ? (value) => onTool({ ...tool, value, mode: "brush" }) : undefined} />
    </div>
  );
}
