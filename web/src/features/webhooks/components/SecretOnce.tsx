// A signing secret the server shows this once: copy it now, it is never shown again.
import { useEffect, useRef } from "react";
import { CopyButton } from "../../../components/CopyButton";

export function SecretOnce({ secret, url, onDone }: { secret: string; url: string; onDone: () => void }) {
  const panel = useRef<HTMLElement>(null);
  // It appears away from the button that asked for it: bring focus (and screen readers) to it.
  useEffect(() => panel.current?.focus(), [secret]);
  return (
    <section className="panel secret-once" aria-label="Signing secret" tabIndex={-1} ref={panel}>
      <h2>Signing secret for <code>{url}</code></h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Verify <code>X-Slipway-Signature</code> with it;
        if it is lost, rotate the secret.
      </p>
      <div className="row">
        <code className="secret" data-testid="webhook-secret">{secret}</code>
        <CopyButton text={secret} label="Copy secret" fallback="Select the secret to copy it" />
      </div>
      <button type="button" onClick={onDone} style={{ marginTop: 12 }}>I have stored it</button>
    </section>
  );
}
