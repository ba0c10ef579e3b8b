import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { AssetsPageDocument } from "../features/assets/views/AssetsView";
import { TestServer } from "../test/server";
import { SlipwayClient } from "./graphql";
import { ClientProvider } from "./hooks";
import { usePagedQuery } from "./paging";

const asset = (id: string) => ({ id, name: id, site: "Rotterdam", kind: "pump", description: "" });
const page = (ids: string[], endCursor: string | null) => ({
  assets: { edges: ids.map((id) => ({ node: asset(id) })), pageInfo: { hasNextPage: endCursor !== null, endCursor } },
});

/** Two pages of assets per search: "A1, A2" then "A3" (or the search's own names). */
function catalogue() {
  return new TestServer().on(AssetsPageDocument, ({ search, after }) => {
    const prefix = search ?? "A";
    return after ? page([`${prefix}3`], null) : page([`${prefix}1`, `${prefix}2`], `${prefix}-cursor-2`);
  });
}

function renderPaged(server: TestServer) {
  const client = new SlipwayClient({ getToken: () => "t", onUnauthenticated: () => {}, transport: server });
  const wrapper = ({ children }: { children: ReactNode }) => <ClientProvider client={client}>{children}</ClientProvider>;
  return renderHook(
    ({ search }: { search: string | null }) => usePagedQuery(AssetsPageDocument, { search }, "assets"),
    { wrapper, initialProps: { search: null as string | null } },
  );
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

test("More appends the next page to the ones shown, with that page's cursor", async () => {
  const server = catalogue();
  const { result } = renderPaged(server);
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["A1", "A2"]));
  expect(result.current.hasNextPage).toBe(true);

  act(() => result.current.loadMore());
  expect(result.current.loadingMore).toBe(true);
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["A1", "A2", "A3"]));
  expect(result.current.hasNextPage).toBe(false);
  expect(result.current.loadingMore).toBe(false);
  expect(server.called("AssetsPage").map((c) => c.variables)).toEqual([
    { search: null, after: null },
    { search: null, after: "A-cursor-2" },
  ]);
});

test("new variables start again from the first page", async () => {
  const server = catalogue();
  const { result, rerender } = renderPaged(server);
  await waitFor(() => expect(result.current.hasNextPage).toBe(true));
  act(() => result.current.loadMore());
  await waitFor(() => expect(result.current.nodes).toHaveLength(3));

  rerender({ search: "B" });
  expect(result.current.loading).toBe(true);
  expect(result.current.hasNextPage).toBe(false); // no "More" with a cursor of the old search
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["B1", "B2"]));
  expect(result.current.hasNextPage).toBe(true);
  expect(server.called("AssetsPage").at(-1)?.variables).toEqual({ search: "B", after: null });
});

test("a failed More keeps the pages shown and asks for the same page again", async () => {
  const server = catalogue();
  const { result } = renderPaged(server);
  await waitFor(() => expect(result.current.nodes).toHaveLength(2));

  server.fail(AssetsPageDocument, "The database is away.", "UNAVAILABLE");
  act(() => result.current.loadMore());
  await waitFor(() => expect(result.current.moreError?.code).toBe("UNAVAILABLE"));
  expect(ids(result.current.nodes)).toEqual(["A1", "A2"]);
  expect(result.current.error).toBeUndefined();
  expect(result.current.loadingMore).toBe(false);

  server.on(AssetsPageDocument, () => page(["A3"], null));
  act(() => result.current.loadMore());
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["A1", "A2", "A3"]));
  expect(result.current.moreError).toBeUndefined();
  expect(server.called("AssetsPage").map((c) => c.variables.after)).toEqual([null, "A-cursor-2", "A-cursor-2"]);
});

test("a double-click asks for the next page once", async () => {
  const server = catalogue();
  const { result } = renderPaged(server);
  await waitFor(() => expect(result.current.hasNextPage).toBe(true));
  act(() => {
    result.current.loadMore();
    result.current.loadMore();
  });
  await waitFor(() => expect(result.current.nodes).toHaveLength(3));
  expect(server.called("AssetsPage")).toHaveLength(2);
});

test("a late page for the old variables never lands among the new ones", async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = new TestServer().on(AssetsPageDocument, async ({ search, after }) => {
    if (!search && after) await held; // the old search's page 2 answers last
    const prefix = search ?? "A";
    return after ? page([`${prefix}3`], null) : page([`${prefix}1`, `${prefix}2`], "cursor-2");
  });
  const { result, rerender } = renderPaged(server);
  await waitFor(() => expect(result.current.hasNextPage).toBe(true));
  act(() => result.current.loadMore());
  rerender({ search: "B" });
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["B1", "B2"]));

  await act(() => {
    release();
    return held;
  });
  expect(ids(result.current.nodes)).toEqual(["B1", "B2"]);
  expect(result.current.loadingMore).toBe(false);
});

test("a failed first page is an error, and refetch asks for it again", async () => {
  const server = new TestServer().fail(AssetsPageDocument, "The database is away.", "UNAVAILABLE");
  const { result } = renderPaged(server);
  await waitFor(() => expect(result.current.error?.code).toBe("UNAVAILABLE"));
  expect(result.current.loading).toBe(false);

  server.on(AssetsPageDocument, () => page(["A1"], null));
  act(() => result.current.refetch());
  expect(result.current.loading).toBe(true);
  await waitFor(() => expect(ids(result.current.nodes)).toEqual(["A1"]));
  expect(result.current.error).toBeUndefined();
});
