// React bindings for SlipwayClient: the provider and the three hooks every view uses.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { asFailure, type GraphQLFailure, type SlipwayClient, type Variables } from "./graphql";

const ClientContext = createContext<SlipwayClient | null>(null);

export function ClientProvider({ client, children }: { client: SlipwayClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): SlipwayClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useClient outside ClientProvider");
  return client;
}

export interface QueryState<R> {
  data: R | undefined;
  error: GraphQLFailure | undefined;
  loading: boolean;
  refetch: () => void;
  /** Replace the data in place, e.g. after a subscription says something changed. */
  setData: (update: (previous: R | undefined) => R | undefined) => void;
}

/** Run a query now and whenever its variables change; the previous data stays while reloading. */
export function useQuery<R, V extends Variables>(
  document: TypedDocumentNode<R, V>,
  variables?: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const client = useClient();
  const [data, setData] = useState<R>();
  const [error, setError] = useState<GraphQLFailure>();
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables ?? {});
  // Loading is derived: the request wanted now (variables and refetch count) has not answered yet.
  const want = `${generation}:${key}`;
  const [answered, setAnswered] = useState<string>();

  useEffect(() => {
    if (options.skip) return;
    let live = true;
    client.request(document, JSON.parse(key) as V).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(undefined);
        setAnswered(want);
      },
      (e: unknown) => {
        if (!live) return;
        setError(asFailure(e));
        setAnswered(want);
      },
    );
    return () => {
      live = false;
    };
  }, [client, document, key, want, options.skip]);

  const refetch = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading: !options.skip && answered !== want, refetch, setData };
}

export interface MutationState<R> {
  data: R | undefined;
  error: GraphQLFailure | undefined;
  running: boolean;
}

/** A mutation to run on demand; `run` resolves to the data or undefined (the error is in state). */
export function useMutation<R, V extends Variables>(
  document: TypedDocumentNode<R, V>,
): [(variables: V) => Promise<R | undefined>, MutationState<R>, () => void] {
  const client = useClient();
  const [state, setState] = useState<MutationState<R>>({ data: undefined, error: undefined, running: false });
  const running = useRef(false);
  const run = useCallback(
    async (variables: V) => {
      if (running.current) return undefined; // a double-click sends one request
      running.current = true;
      setState({ data: undefined, error: undefined, running: true });
      try {
        const data = await client.request(document, variables);
        setState({ data, error: undefined, running: false });
        return data;
      } catch (e) {
        setState({ data: undefined, error: asFailure(e), running: false });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [client, document],
  );
  const reset = useCallback(() => setState({ data: undefined, error: undefined, running: false }), []);
  return [run, state, reset];
}

/** Follow a subscription while mounted (and while `skip` is false); `onData` sees each event. */
export function useSubscription<R, V extends Variables>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  onData: (data: R) => void,
  options: { skip?: boolean } = {},
): GraphQLFailure | undefined {
  const client = useClient();
  // The error names the variables it ended, so following other variables starts without one.
  const [failure, setFailure] = useState<{ key: string; error: GraphQLFailure }>();
  const handler = useRef(onData);
  useLayoutEffect(() => {
    handler.current = onData;
  });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (options.skip) return;
    return client.subscribe(document, JSON.parse(key) as V, {
      next: (d) => handler.current(d),
      error: (error) => setFailure({ key, error }),
    });
  }, [client, document, key, options.skip]);
  return !options.skip && failure?.key === key ? failure.error : undefined;
}
