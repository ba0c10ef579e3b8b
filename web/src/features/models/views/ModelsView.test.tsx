import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { ModelsPageDocument, ModelsView } from "./ModelsView";

const model = (n: number) => ({
  id: `M${n}`, name: `m${String(n).padStart(2, "0")}`, description: "", tags: [], latestVersion: 0, versions: [],
});

function server() {
  const all = Array.from({ length: 30 }, (_, i) => model(i));
  return new TestServer().on(ModelsPageDocument, (v) => {
    const sorted = v.orderBy === "NAME_DESC" ? [...all].reverse() : v.orderBy === "NEWEST" ? [all[7]!, all[3]!] : all;
    const from = v.after ? 25 : 0;
    const page = sorted.slice(from, from + 25);
    return {
      me: { id: "U1", canUploadModels: false },
      models: { edges: page.map((node) => ({ node })), pageInfo: { hasNextPage: from + 25 < sorted.length, endCursor: "c25" } },
    };
  });
}

test("sorting by the Model head and the Order menu asks the server, in the URL, and pages on", async () => {
  const s = server();
  renderWithServer(<ModelsView />, s, { route: "/models" });
  const table = await screen.findByRole("table", { name: "Models, name, a to z" });
  expect(within(table).getAllByRole("row")).toHaveLength(26);
  const head = within(table).getByRole("columnheader", { name: /Model/ });
  expect(head).toHaveAttribute("aria-sort", "ascending");
  await userEvent.click(within(head).getByRole("button"));
  await screen.findByRole("table", { name: "Models, name, z to a" });
  expect(screen.getByTestId("location")).toHaveTextContent("/models?sort=NAME_DESC");
  expect(within(screen.getByRole("table")).getAllByRole("link")[0]).toHaveTextContent("m29");
  await userEvent.click(screen.getByRole("button", { name: "More" }));
  await waitFor(() => expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(31));
  expect(s.called("ModelsPage").at(-1)?.variables).toMatchObject({ orderBy: "NAME_DESC", after: "c25" });
  await userEvent.selectOptions(screen.getByLabelText("Order"), "NEWEST");
  await screen.findByRole("table", { name: "Models, newest first" });
  expect(within(screen.getByRole("table")).getAllByRole("link").map((a) => a.textContent)).toEqual(["m07", "m03"]);
  expect(screen.getByRole("columnheader", { name: /Model/ })).toHaveAttribute("aria-sort", "none");
}, 20000);
