import { useState, type FormEvent } from "react";
import type { Role } from "../../../gql/graphql";
import type { GraphQLFailure } from "../../../lib/graphql";

const ROLES: Role[] = ["VIEWER", "LABELER", "DATA_SCIENTIST", "ML_ENGINEER", "ADMIN"];

export interface NewUser {
  email: string;
  role: Role;
  password: string | null;
}

/** The server's BAD_USER_INPUT is shown next to the field it names. */
export function CreateUserForm({ onSubmit, error, running }: {
  onSubmit: (user: NewUser) => Promise<boolean>;
  error?: GraphQLFailure;
  running: boolean;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");
  const [password, setPassword] = useState("");
  const fieldError = (name: string) => error?.forField(name) ?? (error?.field?.endsWith(name) ? error.message : undefined);
  const emailError = fieldError("email");
  const passwordError = fieldError("password");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onSubmit({ email, role, password: password || null })) {
      setEmail("");
      setPassword("");
    }
  };
  return (
    <form className="row panel" onSubmit={(e) => void submit(e)} aria-label="Add a user">
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!emailError} />
        {emailError && <span className="field-error">{emailError}</span>}
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </label>
      <label>
        Password (empty for OIDC users)
        <input type="password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!passwordError} />
        {passwordError && <span className="field-error">{passwordError}</span>}
      </label>
      <button type="submit" disabled={running}>Add user</button>
      {error && !emailError && !passwordError && (
        <span className="field-error" role="alert">{error.code}: {error.message}</span>
      )}
    </form>
  );
}
