// Where the identity provider sends the browser back with the authorization code.
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useAuth } from "../../../lib/auth";
import { finishSignIn } from "../../../lib/pkce";

export function OidcCallbackView() {
  const { acceptToken } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // the code can be exchanged once only
    started.current = true;
    finishSignIn(window.location.search).then(
      ({ token, next }) => {
        acceptToken(token);
        navigate(next, { replace: true });
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [acceptToken, navigate]);
  return (
    <main className="signin" id="main">
      <h1>Signing in…</h1>
      {error && (
        <div className="state error" role="alert">
          {error} <Link to="/signin">Back to sign-in</Link>
        </div>
      )}
    </main>
  );
}
