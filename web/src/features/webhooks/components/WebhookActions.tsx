// Ping, rotate the secret and delete: the last two ask for a confirmation first, in the page
// (keyboard-reachable, unlike window.confirm in some browsers' focus handling).
import { useState } from "react";

type Asking = "rotate" | "delete" | null;

export function WebhookActions({ url, onPing, onRotate, onDelete, busy }: {
  url: string;
  onPing: () => void;
  onRotate: () => Promise<boolean>;
  onDelete: () => Promise<boolean>;
  busy: boolean;
}) {
  const [asking, setAsking] = useState<Asking>(null);
  const confirm = async () => {
    const done = asking === "rotate" ? await onRotate() : await onDelete();
    if (done) setAsking(null);
  };
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="webhook-actions">
        <button type="button" className="secondary" disabled={busy} onClick={onPing}>Send a ping</button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setAsking("rotate")}>Rotate secret</button>
        <button type="button" className="danger" disabled={busy} onClick={() => setAsking("delete")}>Delete webhook</button>
      </div>
      {asking && (
        <div className="panel" role="group" aria-label={asking === "rotate" ? "Confirm rotating the secret" : "Confirm deleting the webhook"}>
          <p style={{ marginTop: 0 }}>
            {asking === "rotate"
              ? <>The current secret stops working at once; the receiver at <code>{url}</code> must switch to the new one.</>
              : <>Deletes the webhook at <code>{url}</code> and its delivery log. This cannot be undone.</>}
          </p>
          <div className="row">
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the confirmation opens on the person's own click; focus follows it */}
            <button type="button" className="danger" disabled={busy} autoFocus onClick={() => void confirm()}>
              {asking === "rotate" ? "Rotate now" : "Delete now"}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(null)}>Cancel</button>
          </div>
        </div>
      )}
    </div>
  );
}
