// Brush or eraser, label value, size, undo, and slice navigation; every control is a plain input.
import type { Tool } from "./MaskEditor";

export function Toolbar({ tool, onTool, values, slice, depth, onSlice, onUndo, editable }: {
  tool: Tool;
  onTool: (t: Tool) => void;
  values: number[];
  slice: number;
  depth: number;
  onSlice: (k: number) => void;
  onUndo: () => void;
  editable: boolean;
}) {
  return (
    <div className="row panel" role="toolbar" aria-label="Mask tools" style={{ alignItems: "center" }}>
      {editable && (
        <>
          <fieldset className="row" style={{ border: 0, padding: 0, margin: 0, gap: 8 }}>
            <legend className="sr-only">Tool</legend>
            <label className="inline"><input type="radio" name="tool" checked={tool.mode === "brush"}
              onChange={() => onTool({ ...tool, mode: "brush" })} /> Brush</label>
            <label className="inline"><input type="radio" name="tool" checked={tool.mode === "eraser"}
              onChange={() => onTool({ ...tool, mode: "eraser" })} /> Eraser</label>
          </fieldset>
          <label className="inline" style={{ gap: 6 }}>
            Label
            <select value={tool.value} onChange={(e) => onTool({ ...tool, value: Number(e.target.value) })} disabled={tool.mode === "eraser"}>
              {values.filter((v) => v !== 0).map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          </label>
          <label className="inline" style={{ gap: 6 }}>
            Size
            <input type="range" min={1} max={15} value={tool.size} onChange={(e) => onTool({ ...tool, size: Number(e.target.value) })} />
            <output>{tool.size}</output>
          </label>
          <button type="button" className="secondary" onClick={onUndo}>Undo</button>
        </>
      )}
      <div className="row" style={{ gap: 6, alignItems: "center" }}>
        <button type="button" className="secondary" aria-label="Previous slice" onClick={() => onSlice(Math.max(0, slice - 1))}>‹</button>
        <label className="inline" style={{ gap: 6 }}>
          Slice
          <input type="range" min={0} max={depth - 1} value={slice} onChange={(e) => onSlice(Number(e.target.value))} />
          <output>{slice + 1} / {depth}</output>
        </label>
        <button type="button" className="secondary" aria-label="Next slice" onClick={() => onSlice(Math.min(depth - 1, slice + 1))}>›</button>
      </div>
    </div>
  );
}
