// What the approvers review: the card, report and file frozen at submission with their hashes, the changes since
// the last decision field by field, and, when a card edit withdrew the request, what changed.
import { graphql } from "../../../gql";
import type { CardChangeFieldsFragment, ReviewPanel_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import "../governance.css";

graphql(`
  fragment CardChangeFields on CardChange { field before after }
`);

graphql(`
  fragment ReviewPanel_Version on ModelVersion {
    approvalRequest {
      id status cardRevision cardSha256 reportSha256 fileSha256 requiredApprovals approverRoles approvals withdrawnAt
      decisions { approve comment createdAt user { id email } }
      changesSinceLastDecision { ...CardChangeFields }
      withdrawalChanges { ...CardChangeFields }
    }
  }
`);

const LABEL: Record<string, string> = {
  intendedUse: "Intended use", trainingData: "Training data", limitations: "Limitations", metrics: "Metrics",
};

function label(field: string): string {
  return field.startsWith("metrics.") ? `Metric ${field.slice("metrics.".length)}` : (LABEL[field] ?? field);
}

function show(value: unknown) {
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  return typeof value === "string" ? value : <code>{JSON.stringify(value)}</code>;
}

export function ChangesTable({ changes, caption }: { changes: CardChangeFieldsFragment[]; caption: string }) {
  if (changes.length === 0) return <p className="muted" style={{ margin: 0 }}>{caption}: no field changed.</p>;
  return (
    <table className="diff">
      <caption style={{ textAlign: "left" }}>{caption}</caption>
      <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{label(c.field)}</th>
            <td><del>{show(c.before)}</del></td>
            <td><ins>{show(c.after)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReviewPanel({ version }: { version: ReviewPanel_VersionFragment }) {
  const r = version.approvalRequest;
  if (!r) return null;
  const short = (h: string | null | undefined) => (h ? `${h.slice(0, 12)}…` : "—");
  return (
    <section className="panel stack" aria-label="Review">
      <h2 style={{ margin: 0 }}>Review</h2>
      {r.status === "WITHDRAWN" && (
        <div role="alert" className="stack">
          <strong>Approval request withdrawn {formatTime(r.withdrawnAt)}: the model card changed after submission.</strong>
          <ChangesTable changes={r.withdrawalChanges} caption="What changed after submission" />
          <span className="muted">Submit again to ask for a decision on the new card.</span>
        </div>
      )}
      {r.status !== "WITHDRAWN" && (
        <p style={{ margin: 0 }}>
          {r.status === "PENDING" ? "Waiting for" : "Decided with"} {r.approvals} of {r.requiredApprovals} distinct approval
          {r.requiredApprovals > 1 ? "s" : ""} ({r.approverRoles.map((x) => x.toLowerCase().replace("_", " ")).join(" or ")}).
        </p>
      )}
      <dl className="facts">
        <dt>Card revision</dt><dd>{r.cardRevision ?? "—"}</dd>
        <dt>Card SHA-256</dt><dd><code title={r.cardSha256 ?? ""}>{short(r.cardSha256)}</code></dd>
        <dt>Report SHA-256</dt><dd><code title={r.reportSha256 ?? ""}>{short(r.reportSha256)}</code></dd>
        <dt>File SHA-256</dt><dd><code title={r.fileSha256 ?? ""}>{short(r.fileSha256)}</code></dd>
      </dl>
      {r.status === "PENDING" && (
        <ChangesTable changes={r.changesSinceLastDecision} caption="Changes since the last decision on this model" />
      )}
      {r.decisions.length > 0 && (
        <ul style={{ margin: 0 }}>
          {r.decisions.map((d) => (
            <li key={d.user?.id ?? d.createdAt}>
              {d.approve ? "Approved" : "Rejected"} by {d.user?.email ?? "—"} {formatTime(d.createdAt)}
              {d.comment && <> — “{d.comment}”</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
