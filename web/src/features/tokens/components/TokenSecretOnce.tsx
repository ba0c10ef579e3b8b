// A new token's secret, shown this once: Slipway keeps only its hash.
import { useEffect, useRef } from "react";
import { CopyButton } from "../../../components/CopyButton";

export function TokenSecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const panel = useRef<HTMLElement>(null);
  // It appears away from the button that asked for it: bring focus (and screen readers) to it.
  useEffect(() => panel.current?.focus(), [secret]);
  return (
    <section className="panel secret-once" aria-label="New access token" tabIndex={-1} ref={panel}>
      <h2>Access token <q>{name}</q></h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Send it as <code>Authorization: Bearer …</code>;
        in a notebook, read it from an environment variable (<code>SLIPWAY_TOKEN</code>) rather than pasting it in a cell.
      </p>
      <div className="row">
        <code className="secret" data-testid="access-token-secret">{secret}</code>
        <CopyButton text={secret} label="Copy token" fallback="Select the token to copy it" />
      </div>
      <button type="button" onClick={onDone} style={{ marginTop: 12 }}>I have stored it</button>
    </section>
  );
}
