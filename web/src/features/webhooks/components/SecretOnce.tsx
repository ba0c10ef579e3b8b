// A signing secret the server shows this once: copy it now, it is never shown again.
import { useEffect, useRef, useState } from "react";

export function SecretOnce({ secret, url, onDone }: { secret: string; url: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const panel = useRef<HTMLElement>(null);
  // It appears away from the button that asked for it: bring focus (and screen readers) to it.
  useEffect(() => panel.current?.focus(), [secret]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("no"); // e.g. an http page in a browser that only allows the clipboard on https
    }
  };
  return (
    <section className="panel secret-once" aria-label="Signing secret" tabIndex={-1} ref={panel}>
      <h2>Signing secret for <code>{url}</code></h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Verify <code>X-Slipway-Signature</code> with it;
        if it is lost, rotate the secret.
      </p>
      <div className="row">
        <code className="secret" data-testid="webhook-secret">{secret}</code>
        <button type="button" className="secondary small" onClick={() => void copy()}>Copy secret</button>
        <span role="status" className="muted">{copied === "yes" ? "Copied" : copied === "no" ? "Select the secret to copy it" : ""}</span>
      </div>
      <button type="button" onClick={onDone} style={{ marginTop: 12 }}>I have stored it</button>
    </section>
  );
}
