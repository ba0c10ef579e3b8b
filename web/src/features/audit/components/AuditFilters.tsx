import { useState, type FormEvent } from "react";
import { AUDIT_ACTIONS } from "../actions";

export interface AuditFilterValues {
  action: string;
  actorId: string;
  targetId: string;
}

/** Filters are applied on submit so each keystroke does not query the server. */
export function AuditFilters({ value, actors, onChange }: {
  value: AuditFilterValues;
  actors: { id: string; email: string }[];
  onChange: (v: AuditFilterValues) => void;
}) {
  const [draft, setDraft] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange(draft);
  };
  const clear = () => {
    const empty = { action: "", actorId: "", targetId: "" };
    setDraft(empty);
    onChange(empty);
  };
  return (
    <form className="row panel" onSubmit={submit} aria-label="Filter the audit log">
      <label>
        Action
        <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
          <option value="">any action</option>
          {/* A link may name an action this list does not know yet: keep it selectable. */}
          {draft.action && !(AUDIT_ACTIONS as readonly string[]).includes(draft.action) && <option value={draft.action}>{draft.action}</option>}
          {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label>
        Actor
        <select value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}>
          <option value="">anyone</option>
          {actors.map((a) => <option key={a.id} value={a.id}>{a.email}</option>)}
        </select>
      </label>
      <label>
        Target id
        <input value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} />
      </label>
      <button type="submit">Filter</button>
      <button type="button" className="secondary" onClick={clear}>Clear</button>
    </form>
  );
}
