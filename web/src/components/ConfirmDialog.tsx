// Asks before an action that takes an endpoint down or moves traffic: a modal dialog that says what
// will happen, keeps the keyboard inside it, cancels on Escape, and gives focus back on close.
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import "./overlay.css";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog({ title, children, confirmLabel, busyLabel, busy = false, danger = true, onConfirm, onCancel }: {
  title: string;
  /** What will happen, in the person's words: "pump-health-production will stop answering." */
  children: ReactNode;
  /** The confirm button names the action: "Retire pump-health-production". */
  confirmLabel: string;
  busyLabel?: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const bodyId = useId();
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useLayoutEffect(() => {
    opener.current = document.activeElement;
    // Cancel first: Enter on a freshly opened dialog must not take production down.
    const first = box.current?.querySelector<HTMLElement>("textarea, input, select") ?? cancel.current;
    first?.focus();
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== "Tab" || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || !box.current.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !box.current.contains(document.activeElement))) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    // The backdrop only hosts the keyboard handler for the whole dialog; clicks on it do nothing.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div ref={box} className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId} className="stack" style={{ gap: 8 }}>{children}</div>
        <div className="row">
          <button ref={cancel} type="button" className="secondary" onClick={onCancel}>Cancel</button>
          <button type="button" className={danger ? "danger" : undefined} onClick={() => !busy && onConfirm()} aria-disabled={busy}>
            {busy ? (busyLabel ?? `${confirmLabel}…`) : confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
