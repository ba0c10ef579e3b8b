// The labeling page's keyboard shortcuts: one table that both the key handler and the `?` overlay
// read, so what the overlay lists is what the keys do.
export type Action =
  | "brush" | "eraser" | "smaller" | "bigger" | "nextSlice" | "previousSlice"
  | "cursorLeft" | "cursorRight" | "cursorUp" | "cursorDown" | "paint"
  | "undo" | "redo" | "save" | "nextCase" | "toggleOverlay" | "help" | "label";

export interface Shortcut {
  action: Action;
  /** As the overlay shows them: alternatives, each a combination ([["Ctrl", "Z"]], [["Page Up"], ["."]]). */
  keys: string[][];
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { action: "brush", keys: [["B"]], what: "Brush" },
  { action: "eraser", keys: [["E"]], what: "Eraser" },
  { action: "label", keys: [["1 – 9"]], what: "Paint with the 1st … 9th label of the legend" },
  { action: "smaller", keys: [["["]], what: "Smaller brush" },
  { action: "bigger", keys: [["]"]], what: "Bigger brush" },
  { action: "nextSlice", keys: [["Page Up"], ["."]], what: "Next slice" },
  { action: "previousSlice", keys: [["Page Down"], [","]], what: "Previous slice" },
  { action: "cursorLeft", keys: [["←"], ["→"], ["↑"], ["↓"]], what: "Move the cursor in the slice (with Shift: 5 voxels)" },
  { action: "paint", keys: [["Space"]], what: "Paint (or erase) one brush dab at the cursor" },
  { action: "undo", keys: [["Ctrl", "Z"]], what: "Undo" },
  { action: "redo", keys: [["Ctrl", "Shift", "Z"], ["Ctrl", "Y"]], what: "Redo" },
  { action: "save", keys: [["Ctrl", "S"]], what: "Save the mask" },
  { action: "nextCase", keys: [["N"]], what: "Next case to label" },
  { action: "toggleOverlay", keys: [["O"]], what: "Hide or show the mask overlay" },
  { action: "help", keys: [["?"]], what: "Show these shortcuts" },
];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

export interface Resolved {
  action: Action;
  /** Cursor step for the arrow keys; the 0-based legend position for "label". */
  dx?: number;
  dy?: number;
  index?: number;
}

const TEXT_INPUTS = new Set(["text", "search", "email", "url", "password", "number", "tel", "date", "datetime-local", "time", "file"]);

/** Where typing goes: only Ctrl+S is taken from these. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type);
}

/** A control with its own use of Space and the arrows (buttons, radios, sliders, links). */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches("button, input, a[href], [role=button], [role=slider], summary");
}

/** What a key press on the labeling page means, or null when it is not a shortcut there. */
export function resolveKey(e: KeyPress): Resolved | null {
  const command = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (command && !e.altKey) {
    if (key === "s") return { action: "save" };
    if (isTextEntry(e.target)) return null; // Ctrl+Z in the comment box undoes typing
    if (key === "z") return { action: e.shiftKey ? "redo" : "undo" };
    if (key === "y") return { action: "redo" };
    return null;
  }
  if (e.altKey || isTextEntry(e.target)) return null;
  if (!isControl(e.target)) {
    const step = e.shiftKey ? 5 : 1;
    if (e.key === "ArrowLeft") return { action: "cursorLeft", dx: -step, dy: 0 };
    if (e.key === "ArrowRight") return { action: "cursorRight", dx: step, dy: 0 };
    if (e.key === "ArrowUp") return { action: "cursorUp", dx: 0, dy: step };
    if (e.key === "ArrowDown") return { action: "cursorDown", dx: 0, dy: -step };
    if (e.key === " ") return { action: "paint" };
  }
  if (e.key === "?") return { action: "help" };
  if (e.key === "PageUp" || key === ".") return { action: "nextSlice" };
  if (e.key === "PageDown" || key === ",") return { action: "previousSlice" };
  if (e.key === "[") return { action: "smaller" };
  if (e.key === "]") return { action: "bigger" };
  if (/^[1-9]$/.test(e.key)) return { action: "label", index: Number(e.key) - 1 };
  const letters: Record<string, Action> = { b: "brush", e: "eraser", n: "nextCase", o: "toggleOverlay" };
  return !e.shiftKey && letters[key] ? { action: letters[key] } : null;
}
