// Name a token after what will use it, and pick when it stops working.
import { useState, type FormEvent } from "react";
import type { GraphQLFailure } from "../../../lib/graphql";

export const LIFETIMES = [7, 30, 90, 365] as const;

export interface NewToken {
  name: string;
  expiresInDays: number;
}

/** The server's BAD_USER_INPUT is shown next to the field it names. */
export function CreateTokenForm({ onSubmit, error, running }: {
  onSubmit: (token: NewToken) => Promise<boolean>;
  error?: GraphQLFailure;
  running: boolean;
}) {
  const [name, setName] = useState("");
  const [days, setDays] = useState(30);
  const nameError = error?.forField("name");
  const daysError = error?.forField("expiresInDays");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onSubmit({ name: name.trim(), expiresInDays: days })) setName("");
  };
  return (
    <form className="row panel" onSubmit={(e) => void submit(e)} aria-label="Create an access token">
      <label>
        Name
        <input required maxLength={100} value={name} placeholder="e.g. churn notebook" onChange={(e) => setName(e.target.value)}
          aria-invalid={!!nameError} />
        {nameError && <span className="field-error">{nameError}</span>}
      </label>
      <label>
        Expires in
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-invalid={!!daysError}>
          {LIFETIMES.map((d) => <option key={d} value={d}>{d} days</option>)}
        </select>
        {daysError && <span className="field-error">{daysError}</span>}
      </label>
      <button type="submit" disabled={running}>Create token</button>
      {error && !nameError && !daysError && <span className="field-error" role="alert">{error.code}: {error.message}</span>}
    </form>
  );
}
