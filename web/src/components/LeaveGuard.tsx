// Asks before unsaved work is lost: a route change inside the app (links, back and forward) opens a
// dialog that names what would be lost; a reload, a typed URL or closing the tab gets the browser's
// own "Leave site?" prompt (browsers show their text, not ours, for those).
import { useEffect } from "react";
import { useBlocker } from "react-router-dom";
import { ConfirmDialog } from "./ConfirmDialog";

export function LeaveGuard({ when, lost, confirmLabel = "Discard and leave" }: {
  /** There is unsaved work now. */
  when: boolean;
  /** What would be lost, in the person's words: "Your unsaved mask edits on “Phantom B”". */
  lost: string;
  confirmLabel?: string;
}) {
  // Only a different page loses the work: a new ?query on the same page keeps it mounted.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!when) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = `${lost} will be lost.`; // older browsers want it set; none shows it
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [when, lost]);

  useEffect(() => {
    // The work was saved while the dialog was up: nothing is lost any more, go on.
    if (blocker.state === "blocked" && !when) blocker.proceed();
  }, [blocker, when]);

  if (blocker.state !== "blocked") return null;
  return (
    <ConfirmDialog title="Leave with unsaved work?" confirmLabel={confirmLabel}
      onConfirm={() => blocker.proceed()} onCancel={() => blocker.reset()}>
      <p>{lost} will be lost if you leave this page now.</p>
      <p className="muted">Stay to save them first.</p>
    </ConfirmDialog>
  );
}
