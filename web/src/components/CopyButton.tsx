// A copy button and, beside it, what happened: "Copied", or how to copy by hand. The words are
// shown and announced (a polite live region), so nobody has to guess whether it worked.
import { useCopy } from "../lib/clipboard";

export function CopyButton({ text, label = "Copy", ariaLabel, fallback }: {
  text: string;
  label?: string;
  /** The button's accessible name when `label` alone does not say what is copied. */
  ariaLabel?: string;
  /** What to do when the browser refuses: "Select the URL to copy it". */
  fallback: string;
}) {
  const { state, copy } = useCopy();
  return (
    <>
      <button type="button" className="secondary small" onClick={() => void copy(text)} aria-label={ariaLabel}>
        {label}
      </button>
      <span role="status" aria-live="polite" className="muted">
        {state === "copied" ? "Copied" : state === "failed" ? fallback : ""}
      </span>
    </>
  );
}
