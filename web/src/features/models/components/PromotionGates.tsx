// The gates before production as a checklist, evaluated by the server (`promotionGates`): the same evaluation
// that refuses deployModelVersion(PRODUCTION). Admins open the policy editor from here.
import { useEffect, useState } from "react";
import { graphql } from "../../../gql";
import type { PromotionGates_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { PolicyEditor } from "./PolicyEditor";
import "../governance.css";

graphql(`
  fragment PromotionGates_Version on ModelVersion {
    id
    status
    model { id name }
    promotionGates {
      passed
      evaluatedAt
      gates { gate title passed reason }
      policy { source requiredApprovals approverRoles viewerCanEdit }
    }
  }
`);

const SOURCE = { MODEL: "this model's own policy", TENANT: "the tenant's default policy", BUILT_IN: "the built-in policy" };
/** How often the checklist is asked again while a gate may pass by itself (time in staging, scoring runs). */
export const GATES_REFRESH_MS = 10_000;

export function PromotionGates({ version, onRefresh }: { version: PromotionGates_VersionFragment; onRefresh: () => void }) {
  const found = version.promotionGates;
  const [editing, setEditing] = useState(false);
  const waiting = !found.passed && version.status === "APPROVED";
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(onRefresh, GATES_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [waiting, onRefresh]);
  const failed = found.gates.filter((g) => !g.passed).length;
  return (
    <section className="panel stack" aria-label="Promotion gates">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Gates before production</h2>
        <span className={found.passed ? "badge ok" : "badge busy"} role="status">
          {found.passed ? "Ready for production" : `${failed} of ${found.gates.length} gates to pass`}
        </span>
      </div>
      <ul className="checklist" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {found.gates.map((g) => (
          <li key={g.gate} data-gate={g.gate} data-passed={g.passed} style={{ display: "flex", gap: 8, padding: "4px 0" }}>
            <span aria-hidden="true" style={{ color: g.passed ? "var(--ok, #1a7f37)" : "var(--danger, #cf222e)", fontWeight: 700 }}>
              {g.passed ? "✓" : "✗"}
            </span>
            <span>
              <strong>{g.title}</strong> <span className="sr-only">{g.passed ? "passed" : "not passed"}</span>
              <br />
              <span className="muted">{g.reason}</span>
            </span>
          </li>
        ))}
      </ul>
      <p className="muted" style={{ margin: 0 }}>
        Checked {formatTime(found.evaluatedAt)} under {SOURCE[found.policy.source]}: {found.policy.requiredApprovals} distinct{" "}
        {found.policy.approverRoles.map((r) => r.toLowerCase().replace("_", " ")).join(" or ")} approval
        {found.policy.requiredApprovals > 1 ? "s" : ""}.{" "}
        <button type="button" className="secondary small" onClick={onRefresh}>Check again</button>
      </p>
      {found.policy.viewerCanEdit && !editing && (
        <div><button type="button" className="secondary" onClick={() => setEditing(true)}>Edit the promotion policy</button></div>
      )}
      {editing && (
        <PolicyEditor modelId={version.model.id} modelName={version.model.name}
          onClose={() => setEditing(false)} onSaved={onRefresh} />
      )}
    </section>
  );
}
