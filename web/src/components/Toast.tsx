// Short notes on what an action did ("Retire requested: …") or the server's refusal, in a corner
// of the screen; announced politely, or at once for errors. Errors stay until dismissed.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import "./overlay.css";

export type ToastTone = "ok" | "bad";
interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
}

type Show = (text: string, tone?: ToastTone) => void;
const ToastContext = createContext<Show | null>(null);

/** `toast(text)` for an outcome, `toast(text, "bad")` for the server's error sentence. */
export function useToast(): Show {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast outside ToastProvider");
  return show;
}

export function ToastProvider({ children, lingerMs = 8000 }: { children: ReactNode; lingerMs?: number }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>(
    (text, tone = "ok") => {
      const id = ++next.current;
      setToasts((all) => [...all, { id, text, tone }]);
      if (tone === "ok") {
        const timer = setTimeout(() => {
          timers.current.delete(timer);
          dismiss(id);
        }, lingerMs);
        timers.current.add(timer);
      }
    },
    [dismiss, lingerMs],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts">
        {/* A polite live region that always exists, so what is added to it is heard; errors are alerts of their own. */}
        <div aria-live="polite" className="stack" style={{ gap: 8 }}>
          {toasts.filter((t) => t.tone === "ok").map((t) => <ToastItem key={t.id} toast={t} onDismiss={dismiss} />)}
        </div>
        {toasts.filter((t) => t.tone === "bad").map((t) => <ToastItem key={t.id} toast={t} onDismiss={dismiss} />)}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  return (
    <div className={`toast ${toast.tone}`} role={toast.tone === "bad" ? "alert" : undefined}>
      <span>{toast.text}</span>
      <button type="button" className="secondary small" onClick={() => onDismiss(toast.id)} aria-label={`Dismiss: ${toast.text}`}>
        ×
      </button>
    </div>
  );
}
