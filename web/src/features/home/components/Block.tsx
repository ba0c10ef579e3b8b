// One block of the overview: a titled region that links to the page where the whole list lives,
// and the loading / error / empty states every block needs.
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { Empty, ErrorMessage, Loading } from "../../../components/States";
import type { GraphQLFailure } from "../../../lib/graphql";

export function Block<R>({ title, to, linkText, state, isEmpty, empty, children }: {
  title: string;
  /** The page with the whole list. */
  to: string;
  linkText: string;
  state: { data: R | undefined; error: GraphQLFailure | undefined; refetch: () => void };
  isEmpty: (data: R) => boolean;
  /** What to do when there is nothing: a sentence and a link, never just "nothing here". */
  empty: ReactNode;
  children: (data: R) => ReactNode;
}) {
  const { data, error } = state;
  return (
    <section className="panel overview-block" aria-label={title}>
      <div className="overview-head">
        <h2>{title}</h2>
        <Link to={to}>{linkText}</Link>
      </div>
      {error && !data ? (
        <ErrorMessage error={error} onRetry={state.refetch} />
      ) : !data ? (
        <Loading what={`Loading ${title.toLowerCase()}`} />
      ) : isEmpty(data) ? (
        <Empty>{empty}</Empty>
      ) : (
        children(data)
      )}
    </section>
  );
}

/** "3 min ago", "5 h ago", "2 d ago": how long something has waited, at a glance. */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}
