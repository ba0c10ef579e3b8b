import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AssetsPageDocument, AssetsView } from "./AssetsView";

const asset = (name: string) => ({ id: `id-${name}`, name, site: "Rotterdam", kind: "pump", description: "" });
const page = (names: string[], endCursor: string | null) => ({
  assets: { edges: names.map((n) => ({ node: asset(n) })), pageInfo: { hasNextPage: endCursor !== null, endCursor } },
});

function server() {
  return new TestServer().on(AssetsPageDocument, ({ search, after }) => {
    if (search) return page([`${search}-1`], null);
    return after ? page(["P-103"], null) : page(["P-101", "P-102"], "c2");
  });
}

const names = () => within(screen.getByRole("table")).getAllByRole("link").map((a) => a.textContent);

test("More keeps the assets shown and adds the next page below them", async () => {
  const user = userEvent.setup();
  renderWithServer(<AssetsView />, server(), { route: "/assets" });
  await screen.findByRole("link", { name: "P-101" });
  await user.click(screen.getByRole("button", { name: "More" }));
  await screen.findByRole("link", { name: "P-103" });
  expect(names()).toEqual(["P-101", "P-102", "P-103"]);
  expect(screen.queryByRole("button", { name: "More" })).not.toBeInTheDocument(); // the last page
  expect(screen.getByText("3 assets shown")).toBeInTheDocument();
});

test("a new search starts again from its first page", async () => {
  const user = userEvent.setup();
  const s = server();
  renderWithServer(<AssetsView />, s, { route: "/assets" });
  await screen.findByRole("link", { name: "P-101" });
  await user.click(screen.getByRole("button", { name: "More" }));
  await screen.findByRole("link", { name: "P-103" });
  await user.type(screen.getByRole("searchbox"), "Antwerp");
  await user.click(screen.getByRole("button", { name: "Search" }));
  await waitFor(() => expect(names()).toEqual(["Antwerp-1"]));
  expect(s.called("AssetsPage").at(-1)?.variables).toEqual({ search: "Antwerp", after: null });
});

test("a failed More says why and keeps the list; Try again fetches the same page", async () => {
  const user = userEvent.setup();
  const s = server();
  renderWithServer(<AssetsView />, s, { route: "/assets" });
  await screen.findByRole("link", { name: "P-101" });
  s.fail(AssetsPageDocument, "The database is away.", "UNAVAILABLE");
  await user.click(screen.getByRole("button", { name: "More" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("UNAVAILABLE: The database is away.");
  expect(names()).toEqual(["P-101", "P-102"]);
  s.on(AssetsPageDocument, () => page(["P-103"], null));
  await user.click(screen.getByRole("button", { name: "Try again" }));
  await screen.findByRole("link", { name: "P-103" });
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  expect(s.called("AssetsPage").map((c) => c.variables.after)).toEqual([null, "c2", "c2"]);
});
