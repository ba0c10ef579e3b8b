// A file picker that also takes a dropped file; the input itself stays the keyboard target.
import { useState, type DragEvent } from "react";
import { formatBytes } from "../../../lib/format";

export function FileDrop({ file, onFile, accept, error }: {
  file: File | null;
  onFile: (f: File) => void;
  accept: string;
  error?: string;
}) {
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) onFile(f);
  };
  return (
    <div
      className="drop"
      data-over={over}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      style={{
        border: `2px dashed ${error ? "var(--danger)" : over ? "var(--accent)" : "var(--line)"}`,
        borderRadius: 8, padding: 16, background: over ? "#eef5fc" : "#fff",
      }}
    >
      <label>
        Model file (.onnx) — choose one or drop it here
        <input type="file" accept={accept} aria-invalid={!!error} onChange={(e) => e.target.files?.[0] && onFile(e.target.files[0])} />
      </label>
      {file && <p style={{ margin: "8px 0 0" }}><strong>{file.name}</strong> <span className="muted">{formatBytes(file.size)}</span></p>}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
