// Security findings on a version (a pen test, a dependency scan): engineers and admins report them, admins
// resolve them; an open one blocks production when the policy says so (the SECURITY gate).
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { FindingSeverity, SecurityFindings_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useMutation } from "../../../lib/hooks";

graphql(`
  fragment SecurityFindings_Version on ModelVersion {
    id
    viewerCanReportFinding
    securityFindings { id severity title detail status resolution createdAt resolvedAt viewerCanResolve reportedBy { id email } }
  }
`);

export const ReportFindingDocument = graphql(`
  mutation ReportFinding($versionId: ID!, $severity: FindingSeverity!, $title: String!, $detail: String!) {
    reportSecurityFinding(versionId: $versionId, severity: $severity, title: $title, detail: $detail) { id status }
  }
`);

export const ResolveFindingDocument = graphql(`
  mutation ResolveFinding($id: ID!, $resolution: String!) {
    resolveSecurityFinding(id: $id, resolution: $resolution) { id status }
  }
`);

const SEVERITIES: FindingSeverity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

export function SecurityFindings({ version, onChanged }: { version: SecurityFindings_VersionFragment; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ severity: "HIGH" as FindingSeverity, title: "", detail: "" });
  const [report, reported] = useMutation(ReportFindingDocument);
  const list = version.securityFindings;
  if (list.length === 0 && !version.viewerCanReportFinding) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await report({ versionId: version.id, ...draft })) {
      setDraft({ severity: "HIGH", title: "", detail: "" });
      setOpen(false);
      onChanged();
    }
  };
  return (
    <section className="panel stack" aria-label="Security findings">
      <h2 style={{ margin: 0 }}>Security findings</h2>
      {list.length === 0 && <p className="muted" style={{ margin: 0 }}>None reported.</p>}
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {list.map((f) => (
          <li key={f.id}>
            <span className={f.status === "OPEN" ? "badge bad" : "badge ok"}>{f.status}</span>{" "}
            <strong>{f.severity}</strong> {f.title} <span className="muted">— {f.reportedBy?.email ?? "—"} {formatTime(f.createdAt)}</span>
            {f.detail && <div className="muted">{f.detail}</div>}
            {f.resolution && <div>Resolved {formatTime(f.resolvedAt)}: “{f.resolution}”</div>}
            {f.viewerCanResolve && <Resolve id={f.id} title={f.title} onDone={onChanged} />}
          </li>
        ))}
      </ul>
      {version.viewerCanReportFinding && !open && (
        <div><button type="button" className="secondary" onClick={() => setOpen(true)}>Report a finding</button></div>
      )}
      {open && (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Report a security finding">
          <label>
            Severity
            <select value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value as FindingSeverity })}>
              {SEVERITIES.map((s) => <option key={s}>{s}</option>)}
            </select>
          </label>
          <label>
            Title
            <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} aria-invalid={!!reported.error?.forField("title")} />
            {reported.error?.forField("title") && <span className="field-error">{reported.error.forField("title")}</span>}
          </label>
          <label>
            Detail
            <textarea rows={2} value={draft.detail} onChange={(e) => setDraft({ ...draft, detail: e.target.value })} />
          </label>
          <div className="row">
            <button type="submit" disabled={reported.running}>Report</button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
          </div>
          {reported.error && !reported.error.field && <ErrorMessage error={reported.error} />}
        </form>
      )}
    </section>
  );
}

function Resolve({ id, title, onDone }: { id: string; title: string; onDone: () => void }) {
  const [resolution, setResolution] = useState("");
  const [resolve, resolved] = useMutation(ResolveFindingDocument);
  return (
    <form className="row" onSubmit={(e) => { e.preventDefault(); void resolve({ id, resolution }).then((d) => d && onDone()); }}
      aria-label={`Resolve ${title}`}>
      <label>
        How it was resolved
        <input value={resolution} onChange={(e) => setResolution(e.target.value)} aria-invalid={!!resolved.error?.forField("resolution")} />
        {resolved.error?.forField("resolution") && <span className="field-error">{resolved.error.forField("resolution")}</span>}
      </label>
      <button type="submit" className="secondary" disabled={resolved.running}>Resolve</button>
      {resolved.error && !resolved.error.field && <ErrorMessage error={resolved.error} />}
    </form>
  );
}
