// Email + password against the built-in issuer when the server accepts passwords
// (`passwordSignIn` from GET /auth/config); the provider's button when an OIDC web client is configured.
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { Loading } from "../../../components/States";
import { useAuth } from "../../../lib/auth";
import { authorizationUrl } from "../../../lib/pkce";

function safeNext(next: string | null): string {
  // Only paths of this app: never an absolute URL someone slipped into the link.
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInView() {
  const { token, signIn, config } = useAuth();
  const oidc = config?.oidc ?? null;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (token && !busy) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const withProvider = async () => {
    try {
      window.location.assign(await authorizationUrl(oidc!, next));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <main className="signin" id="main">
      <h1>Sign in to Slipway</h1>
      {params.get("expired") && <p className="state" role="status">Your session has ended; sign in again to go back.</p>}
      {!config && <Loading what="Asking the server how to sign in" />}
      {config && !oidc && !config.passwordSignIn && (
        <div className="state error" role="alert">
          This server signs people in through its identity provider only, and no web client is configured for
          this app (<code>SLIPWAY_OIDC_CLIENT_ID</code>); ask your administrator.
        </div>
      )}
      {oidc && (
        <div className="panel">
          <button type="button" onClick={() => void withProvider()}>Sign in with your organisation</button>
          <p className="muted">Through {oidc.issuer}</p>
        </div>
      )}
      {config?.passwordSignIn && (
        <form className="stack panel" onSubmit={(e) => void submit(e)} aria-label="Sign in">
          <label>
            Email
            <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Password
            <input type="password" name="password" autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        </form>
      )}
      {error && <div className="state error" role="alert">{error}</div>}
    </main>
  );
}
