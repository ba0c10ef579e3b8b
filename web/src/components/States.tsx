// The three states every page shows besides its data: loading, empty, and the server's error.
import type { ReactNode } from "react";
import type { GraphQLFailure } from "../lib/graphql";

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** A role as people read it: ML_ENGINEER is "ml engineer". */
export function roleWords(role: string): string {
  return role.replace(/_/g, " ").toLowerCase();
}

/**
 * Where the server says the viewer's role may not go: who they are, what they cannot do, which roles
 * can (`needs`, "admin" or "data scientist, ml engineer or admin"), whom to ask.
 */
export function NotAllowed({ role, action, needs }: { role: string; action: string; needs?: string }) {
  return (
    <div className="state" role="note">
      Your role <strong>{roleWords(role)}</strong> cannot {action}
      {needs && <>; that needs the role <strong>{needs}</strong></>}; ask an admin.
    </div>
  );
}

/**
 * The server's own message and `extensions.code` (and request id for INTERNAL, to quote). No retry
 * for FORBIDDEN: asking again gets the same answer; the message says whom to ask.
 */
export function ErrorMessage({ error, onRetry }: { error: GraphQLFailure; onRetry?: () => void }) {
  return (
    <div className="state error" role="alert">
      <span className="code">{error.code}</span>: {error.message}
      {error.requestId && error.code === "INTERNAL" && <div className="muted">Request id {error.requestId}</div>}
      {onRetry && error.code !== "FORBIDDEN" && (
        <div>
          <button type="button" className="secondary" onClick={onRetry} style={{ marginTop: 8 }}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}

/** Loading / error / data switch for a query's state. */
export function QueryResult<R>({ state, children, what }: {
  state: { data: R | undefined; error: GraphQLFailure | undefined; loading: boolean; refetch: () => void };
  children: (data: R) => ReactNode;
  what?: string;
}) {
  if (state.error && !state.data) return <ErrorMessage error={state.error} onRetry={state.refetch} />;
  if (!state.data) return <Loading what={what} />;
  return (
    <>
      {state.error && <ErrorMessage error={state.error} onRetry={state.refetch} />}
      {children(state.data)}
    </>
  );
}
