// The viewer's access tokens: when each was last used and when it stops working; revoking asks first.
import { useState } from "react";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { graphql } from "../../../gql";
import type { TokenTable_PersonalAccessTokenFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";

graphql(`
  fragment TokenTable_PersonalAccessToken on PersonalAccessToken {
    id
    name
    prefix
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
    isActive
  }
`);

type Token = TokenTable_PersonalAccessTokenFragment;

function status(t: Token) {
  if (t.revokedAt) return <span className="badge">revoked {formatTime(t.revokedAt)}</span>;
  if (!t.isActive) return <span className="badge">expired</span>;
  return <span className="badge ok">active</span>;
}

export function TokenTable({ tokens, onRevoke, revoking }: {
  tokens: Token[];
  onRevoke: (id: string) => Promise<boolean>;
  revoking: boolean;
}) {
  const [asking, setAsking] = useState<Token | null>(null);
  const confirm = async () => {
    if (asking && (await onRevoke(asking.id))) setAsking(null);
  };
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr><th>Name</th><th>Token</th><th>Status</th><th>Last used</th><th>Expires</th><th>Created</th><th /></tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{status(t)}</td>
              <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}</td>
              <td>{formatTime(t.expiresAt)}</td>
              <td>{formatTime(t.createdAt)}</td>
              <td>
                {t.isActive && (
                  <button type="button" className="danger small" aria-label={`Revoke ${t.name}`} onClick={() => setAsking(t)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <ConfirmDialog
          title={`Revoke ${asking.name}?`}
          confirmLabel={`Revoke ${asking.name}`}
          busyLabel="Revoking…"
          busy={revoking}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(null)}
        >
          Scripts and notebooks using <code>{asking.prefix}…</code> are refused within seconds. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
