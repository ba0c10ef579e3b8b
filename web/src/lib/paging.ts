// A Relay connection read page by page: "More" appends the next page to what is shown, and new
// variables (a search, a filter) start again from the first page.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { asFailure, type GraphQLFailure, type Variables } from "./graphql";
import { useClient } from "./hooks";

export interface Connection<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** The fields of a query's answer that are connections. */
export type ConnectionField<R> = { [K in keyof R]-?: R[K] extends Connection<unknown> ? K : never }[keyof R];
export type NodeOf<C> = C extends Connection<infer N> ? N : never;

export interface PagedQueryState<R, N> {
  /** The first page's answer, for the fields beside the connection (`me` …). */
  data: R | undefined;
  /** Every node loaded so far, in the server's order. */
  nodes: N[];
  hasNextPage: boolean;
  /** Fetch the next page and append it; after a failed one, ask for it again. */
  loadMore: () => void;
  /** The first page is loading: at first, after new variables, or on `refetch`. */
  loading: boolean;
  loadingMore: boolean;
  /** The first page failed; what was shown before stays. */
  error: GraphQLFailure | undefined;
  /** The latest "More" failed; the pages already shown stay. */
  moreError: GraphQLFailure | undefined;
  /** Start again from the first page. */
  refetch: () => void;
  /** Change the loaded nodes in place (a live update of one row), keeping the pages and the cursor. */
  updateNodes: (change: (nodes: N[]) => N[]) => void;
}

// Each part of the state names the request it answers (`want`: the variables and the refetch
// count), so an answer to older variables never mixes with the pages of newer ones.
interface Pages<R, N> {
  pagesFor: string | null;
  data: R | undefined;
  nodes: N[];
  hasNextPage: boolean;
  endCursor: string | null;
  failedFor: string | null;
  error: GraphQLFailure | undefined;
  moreFor: string | null;
  loadingMore: boolean;
  moreError: GraphQLFailure | undefined;
}

const NOTHING = {
  pagesFor: null, data: undefined, nodes: [], hasNextPage: false, endCursor: null,
  failedFor: null, error: undefined, moreFor: null, loadingMore: false, moreError: undefined,
};

/**
 * Page through the connection `field` of `document`'s answer. The document takes `after` and sets
 * the page size with `first`; `variables` are all its other variables.
 */
export function usePagedQuery<R, V extends Variables & { after?: string | null }, K extends ConnectionField<R>>(
  document: TypedDocumentNode<R, V>,
  variables: Omit<V, "after">,
  field: K,
  options: { skip?: boolean } = {},
): PagedQueryState<R, NodeOf<R[K]>> {
  type N = NodeOf<R[K]>;
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  const want = `${generation}:${key}`;
  const [pages, setPages] = useState<Pages<R, N>>(NOTHING);
  const moreInFlight = useRef<string | null>(null); // the `want` a "More" is under way for

  const fetchPage = useCallback(
    async (after: string | null) => {
      const data = await client.request(document, { ...(JSON.parse(key) as object), after } as V);
      const { edges, pageInfo } = data[field] as Connection<N>;
      return { data, nodes: edges.map((e) => e.node), hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.endCursor ?? null };
    },
    [client, document, key, field],
  );

  useEffect(() => {
    if (options.skip) return;
    let live = true;
    fetchPage(null).then(
      (page) => {
        if (live) setPages((p) => ({ ...p, ...page, pagesFor: want, failedFor: null, error: undefined }));
      },
      (e: unknown) => {
        if (live) setPages((p) => ({ ...p, failedFor: want, error: asFailure(e) }));
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, want, options.skip]);

  const current = pages.pagesFor === want;
  const { hasNextPage, endCursor } = pages;
  const loadMore = useCallback(() => {
    if (!current || !hasNextPage || moreInFlight.current === want) return; // a double-click asks once
    moreInFlight.current = want;
    setPages((p) => ({ ...p, moreFor: want, loadingMore: true, moreError: undefined }));
    const settle = (update: (p: Pages<R, N>) => Pages<R, N>) => {
      if (moreInFlight.current === want) moreInFlight.current = null;
      setPages((p) => (p.pagesFor === want ? update(p) : p));
    };
    fetchPage(endCursor).then(
      (page) => settle((p) => ({
        ...p, nodes: [...p.nodes, ...page.nodes], hasNextPage: page.hasNextPage, endCursor: page.endCursor, loadingMore: false,
      })),
      (e: unknown) => settle((p) => ({ ...p, loadingMore: false, moreError: asFailure(e) })),
    );
  }, [current, hasNextPage, endCursor, want, fetchPage]);

  const refetch = useCallback(() => setGeneration((g) => g + 1), []);
  const updateNodes = useCallback(
    (change: (nodes: N[]) => N[]) => setPages((p) => (p.pagesFor === want ? { ...p, nodes: change(p.nodes) } : p)),
    [want],
  );
  const more = pages.moreFor === want;
  return {
    data: pages.data,
    nodes: pages.nodes,
    hasNextPage: current && hasNextPage,
    loadMore,
    loading: !options.skip && !current && pages.failedFor !== want,
    loadingMore: more && pages.loadingMore,
    error: pages.failedFor === want ? pages.error : undefined,
    moreError: more ? pages.moreError : undefined,
    refetch,
    updateNodes,
  };
}
