import { graphql } from "../../../gql";
import type { ValidationReport_CheckFragment } from "../../../gql/graphql";

graphql(`
  fragment ValidationReport_Check on ValidationCheck {
    name
    status
    message
  }
`);

const TONE = { PASSED: "ok", FAILED: "bad", SKIPPED: "" } as const;

export function ValidationReport({ checks, validating }: { checks: ValidationReport_CheckFragment[]; validating: boolean }) {
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Validation report</h2>
      {checks.length === 0 ? (
        <p className="muted">{validating ? "Validation is running; the checks appear here when it ends." : "No checks were run."}</p>
      ) : (
        <ul className="checks" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {checks.map((c) => (
            <li key={c.name} style={{ padding: "6px 0", borderBottom: "1px solid var(--line)" }}>
              <span className={`badge ${TONE[c.status]}`}>{c.status}</span> <strong>{c.name}</strong>
              <div>{c.message}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
