// Copying text for the person: the Clipboard API where the browser allows it, a selection copy
// where it does not (plain-http pages, older browsers), and a state that says which happened.
import { useCallback, useEffect, useRef, useState } from "react";

/** Put `text` on the clipboard; resolves false when neither way worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no secure context, no permission): the selection below may still work.
  }
  return copyBySelection(text);
}

function copyBySelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  Object.assign(area.style, { position: "fixed", top: "0", left: "0", opacity: "0" });
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.appendChild(area);
  area.focus({ preventScroll: true });
  area.select();
  try {
    return typeof document.execCommand === "function" && document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus(); // back to the button that asked, for keyboard users
  }
}

export type CopyState = "idle" | "copied" | "failed";

/** `copy(text)` and its outcome; "copied" goes back to "idle" after `resetMs`, so a second copy is announced again. */
export function useCopy(resetMs = 3000): { state: CopyState; copy: (text: string) => Promise<void> } {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(
    async (text: string) => {
      clearTimeout(timer.current);
      setState("idle"); // the live region changes again even when the last copy said "Copied"
      const ok = await copyText(text);
      setState(ok ? "copied" : "failed");
      if (ok) timer.current = setTimeout(() => setState("idle"), resetMs);
    },
    [resetMs],
  );
  return { state, copy };
}
