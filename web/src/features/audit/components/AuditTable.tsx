import { graphql } from "../../../gql";
import type { AuditTable_EntryFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";

graphql(`
  fragment AuditTable_Entry on AuditEntry {
    seq
    occurredAt
    actorEmail
    action
    targetType
    targetId
    details
    requestId
  }
`);

function Details({ details }: { details: unknown }) {
  if (details && typeof details === "object" && !Array.isArray(details)) {
    const pairs = Object.entries(details as Record<string, unknown>);
    if (pairs.length === 0) return <span className="muted">—</span>;
    return (
      <span>
        {pairs.map(([k, v]) => (
          <span key={k} style={{ display: "block" }}>
            <span className="muted">{k}</span> <code>{typeof v === "string" ? v : JSON.stringify(v)}</code>
          </span>
        ))}
      </span>
    );
  }
  return <code>{JSON.stringify(details)}</code>;
}

export function AuditTable({ entries, caption = "Audit log entries, newest first" }: { entries: AuditTable_EntryFragment[]; caption?: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatTime(e.occurredAt)}</td>
              <td>{e.actorEmail ?? <span className="muted">operator</span>}</td>
              <td><code>{e.action}</code></td>
              <td>{e.targetType ? <>{e.targetType} <code>{e.targetId}</code></> : "—"}</td>
              <td><Details details={e.details} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
