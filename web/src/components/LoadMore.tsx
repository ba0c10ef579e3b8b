// The foot of a paged list: the button that appends the next page, and what happened to it.
import type { PagedQueryState } from "../lib/paging";
import { ErrorMessage } from "./States";

type Paging = Pick<PagedQueryState<unknown, unknown>, "nodes" | "hasNextPage" | "loadMore" | "loading" | "loadingMore" | "moreError">;

/** `what` names the rows for screen readers ("assets"): they hear how many are shown after "More". */
export function LoadMore({ state, what, label = "More" }: { state: Paging; what: string; label?: string }) {
  return (
    <div className="pager">
      {state.moreError ? (
        <ErrorMessage error={state.moreError} onRetry={state.loadMore} />
      ) : (
        state.hasNextPage && (
          // Not `disabled` while loading: that would drop the keyboard focus; loadMore asks once anyway.
          <button type="button" className="secondary" onClick={state.loadMore} aria-disabled={state.loading || state.loadingMore}>
            {label}
          </button>
        )
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {state.loadingMore ? `Loading more ${what}…` : `${state.nodes.length} ${what} shown`}
      </span>
    </div>
  );
}
