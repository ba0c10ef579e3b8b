// The `?` overlay: every labeling shortcut, in a modal dialog that keeps the keyboard inside it,
// closes on Escape (or its button) and gives focus back to where it was opened from.
import { useId, useLayoutEffect, useRef, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import "../../../components/overlay.css";
import { SHORTCUTS } from "../lib/shortcuts";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    const opener = document.activeElement;
    close.current?.focus();
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation(); // the page's shortcuts stay quiet while the overlay is open
    if (e.key === "Escape" || e.key === "?") {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== "Tab" || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const inside = box.current.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    // The backdrop only hosts the keyboard handler for the whole dialog.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div ref={box} className="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <p className="muted" style={{ margin: 0 }}>They work anywhere on the page except while typing in a text box (Ctrl + S saves from there too).</p>
        <table>
          <caption className="sr-only">Labeling shortcuts</caption>
          <thead><tr><th scope="col">Keys</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  {s.keys.map((combo, i) => (
                    <span key={i}>
                      {i > 0 && " or "}
                      {combo.map((k, j) => <span key={k}>{j > 0 && " + "}<kbd>{k}</kbd></span>)}
                    </span>
                  ))}
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button ref={close} type="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
