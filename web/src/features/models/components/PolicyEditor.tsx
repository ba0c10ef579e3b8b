// Admins edit the promotion policy: the tenant default, or this model's own (which replaces the default).
import { useState, type FormEvent } from "react";
import { ErrorMessage, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ApproverRole, CardField, PromotionPolicyFieldsFragment } from "../../../gql/graphql";
import { useMutation, useQuery } from "../../../lib/hooks";

graphql(`
  fragment PromotionPolicyFields on PromotionPolicy {
    modelId source requiredApprovals approverRoles requireValidation requiredCardFields
    minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings updatedAt viewerCanEdit
  }
`);

export const PromotionPolicyDocument = graphql(`
  query PromotionPolicy($modelId: ID) {
    promotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }
  }
`);

export const SetPromotionPolicyDocument = graphql(`
  mutation SetPromotionPolicy($modelId: ID, $input: PromotionPolicyInput!) {
    setPromotionPolicy(modelId: $modelId, input: $input) { ...PromotionPolicyFields }
  }
`);

export const ClearPromotionPolicyDocument = graphql(`
  mutation ClearPromotionPolicy($modelId: ID!) {
    clearPromotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }
  }
`);

const CARD_FIELDS: [CardField, string][] = [
  ["INTENDED_USE", "Intended use"], ["TRAINING_DATA", "Training data"], ["METRICS", "Metrics"], ["LIMITATIONS", "Limitations"],
];
const ROLES: [ApproverRole, string][] = [["ADMIN", "Admins"], ["ML_ENGINEER", "ML engineers"]];

type Scope = "model" | "tenant";

export function PolicyEditor({ modelId, modelName, onClose, onSaved }: {
  modelId: string; modelName: string; onClose: () => void; onSaved: () => void;
}) {
  const [scope, setScope] = useState<Scope>("model");
  // Held here, not in the form: a save refetches the policy, and its new updatedAt remounts the form.
  const [notice, setNotice] = useState("");
  const pick = (next: Scope) => { setScope(next); setNotice(""); };
  const policy = useQuery(PromotionPolicyDocument, { modelId: scope === "model" ? modelId : null });
  return (
    <div className="panel stack" aria-label="Promotion policy editor">
      <div className="row" role="tablist">
        <button type="button" role="tab" aria-selected={scope === "model"} className={scope === "model" ? "" : "secondary"}
          onClick={() => pick("model")}>{modelName}</button>
        <button type="button" role="tab" aria-selected={scope === "tenant"} className={scope === "tenant" ? "" : "secondary"}
          onClick={() => pick("tenant")}>Tenant default</button>
      </div>
      <QueryResult state={policy} what="Loading the policy">
        {({ promotionPolicy }) => (
          <PolicyForm key={`${scope}:${promotionPolicy.source}:${promotionPolicy.updatedAt ?? ""}`} scope={scope}
            modelId={modelId} policy={promotionPolicy} onClose={onClose} notice={notice}
            onSaved={(done) => { setNotice(done); policy.refetch(); onSaved(); }} />
        )}
      </QueryResult>
    </div>
  );
}

function PolicyForm({ scope, modelId, policy, onClose, onSaved, notice }: {
  scope: Scope; modelId: string; policy: PromotionPolicyFieldsFragment; onClose: () => void;
  onSaved: (notice: string) => void; notice: string;
}) {
  const [draft, setDraft] = useState({
    requiredApprovals: String(policy.requiredApprovals),
    approverRoles: policy.approverRoles,
    requireValidation: policy.requireValidation,
    requiredCardFields: policy.requiredCardFields,
    minStagingMinutes: String(policy.minStagingSeconds / 60),
    shadowMinWindows: String(policy.shadowMinWindows),
    shadowMinAgreementPct: String(Math.round(policy.shadowMinAgreement * 1000) / 10),
    blockOnOpenFindings: policy.blockOnOpenFindings,
  });
  const [save, saved] = useMutation(SetPromotionPolicyDocument);
  const [clear, cleared] = useMutation(ClearPromotionPolicyDocument);
  const error = saved.error ?? cleared.error;
  const fieldError = (f: string) => error?.forField(f);
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = {
      requiredApprovals: Number(draft.requiredApprovals),
      approverRoles: draft.approverRoles,
      requireValidation: draft.requireValidation,
      requiredCardFields: draft.requiredCardFields,
      minStagingSeconds: Math.round(Number(draft.minStagingMinutes) * 60),
      shadowMinWindows: Number(draft.shadowMinWindows),
      shadowMinAgreement: Number(draft.shadowMinAgreementPct) / 100,
      blockOnOpenFindings: draft.blockOnOpenFindings,
    };
    if (await save({ modelId: scope === "model" ? modelId : null, input })) onSaved("Policy saved.");
  };
  const inherited = scope === "model" && policy.source !== "MODEL";
  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} aria-label={scope === "model" ? "Model policy" : "Tenant default policy"}>
      <p className="muted" style={{ margin: 0 }}>
        {scope === "tenant"
          ? "Applies to every model without a policy of its own."
          : inherited
            ? `This model follows the ${policy.source === "TENANT" ? "tenant default" : "built-in policy"}; saving gives it its own.`
            : "This model's own policy (it replaces the tenant default)."}
        {" "}Every change is written to the audit log; pending requests keep the approver count they were submitted under.
      </p>
      <label>
        Distinct approvers needed
        <input type="number" min={1} max={10} value={draft.requiredApprovals} aria-invalid={!!fieldError("requiredApprovals")}
          onChange={(e) => setDraft({ ...draft, requiredApprovals: e.target.value })} />
        {fieldError("requiredApprovals") && <span className="field-error">{fieldError("requiredApprovals")}</span>}
      </label>
      <fieldset className="stack">
        <legend>Who may approve</legend>
        {ROLES.map(([role, label]) => (
          <label key={role} className="inline">
            <input type="checkbox" checked={draft.approverRoles.includes(role)}
              onChange={() => setDraft({ ...draft, approverRoles: toggle(draft.approverRoles, role) })} /> {label}
          </label>
        ))}
        {fieldError("approverRoles") && <span className="field-error">{fieldError("approverRoles")}</span>}
      </fieldset>
      <fieldset className="stack">
        <legend>Gates before production</legend>
        <label className="inline">
          <input type="checkbox" checked={draft.requireValidation}
            onChange={(e) => setDraft({ ...draft, requireValidation: e.target.checked })} /> Validation passed
        </label>
        <span className="muted">Card fields that must be filled:</span>
        {CARD_FIELDS.map(([field, label]) => (
          <label key={field} className="inline">
            <input type="checkbox" checked={draft.requiredCardFields.includes(field)}
              onChange={() => setDraft({ ...draft, requiredCardFields: toggle(draft.requiredCardFields, field) })} /> {label}
          </label>
        ))}
        <label>
          LIVE in staging for at least (minutes)
          <input type="number" min={0} step="any" value={draft.minStagingMinutes} aria-invalid={!!fieldError("minStagingSeconds")}
            onChange={(e) => setDraft({ ...draft, minStagingMinutes: e.target.value })} />
          {fieldError("minStagingSeconds") && <span className="field-error">{fieldError("minStagingSeconds")}</span>}
        </label>
        <label>
          Shadow scoring windows needed (0: no shadow gate)
          <input type="number" min={0} value={draft.shadowMinWindows} aria-invalid={!!fieldError("shadowMinWindows")}
            onChange={(e) => setDraft({ ...draft, shadowMinWindows: e.target.value })} />
          {fieldError("shadowMinWindows") && <span className="field-error">{fieldError("shadowMinWindows")}</span>}
        </label>
        <label>
          Shadow agreement with production at least (%)
          <input type="number" min={0} max={100} step="any" value={draft.shadowMinAgreementPct}
            aria-invalid={!!fieldError("shadowMinAgreement")}
            onChange={(e) => setDraft({ ...draft, shadowMinAgreementPct: e.target.value })} />
          {fieldError("shadowMinAgreement") && <span className="field-error">{fieldError("shadowMinAgreement")}</span>}
        </label>
        <label className="inline">
          <input type="checkbox" checked={draft.blockOnOpenFindings}
            onChange={(e) => setDraft({ ...draft, blockOnOpenFindings: e.target.checked })} /> No open security finding
        </label>
      </fieldset>
      <div className="row">
        <button type="submit" disabled={saved.running}>Save the policy</button>
        {scope === "model" && policy.source === "MODEL" && (
          <button type="button" className="secondary" disabled={cleared.running}
            onClick={() => void clear({ modelId }).then((done) => done && onSaved("This model follows the tenant default again."))}>
            Use the tenant default</button>
        )}
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
      {notice && !error && <p role="status" className="muted" style={{ margin: 0 }}>{notice}</p>}
      {error && !error.field && <ErrorMessage error={error} />}
    </form>
  );
}
