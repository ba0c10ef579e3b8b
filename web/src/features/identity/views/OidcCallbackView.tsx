// Where the identity provider sends the browser back with the authorization code.
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useAuth } from "../../../lib/auth";
import { finishSignIn } from "../../../lib/pkce";

export function OidcCallbackView() {
  const { startSession } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // the code can be exchanged once only
    started.current = true;
    // The provider's token buys a Slipway session, so a reload or a new tab stays signed in.
    finishSignIn(window.location.search)
      .then(async ({ token, next }) => {
        await startSession(token);
        navigate(next, { replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [startSession, navigate]);
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
