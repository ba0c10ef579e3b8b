import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { run, version } from "../components/compareFixtures";
import { ComparePageDocument, CompareVersionDocument, CompareView } from "./CompareView";

function server(numbers = [1, 2, 3, 4, 5]) {
  return new TestServer()
    .on(ComparePageDocument, ({ id }) => ({
      model: { id, name: "churn", versions: [...numbers].reverse().map((n) => ({ id: `V${n}`, version: n, status: "APPROVED" as const })) },
      scoringRuns: { edges: [{ node: run("R1", 3, [[5, 0.9]]) }] },
    }))
    .on(CompareVersionDocument, ({ id }) => {
      const n = Number(id.slice(1));
      return { modelVersion: version(n, { stage: n === 3 ? "PRODUCTION" : "SHADOW" }, { latencyP95Ms: n === 3 ? 0.2 : 0.4, producer: "skl2onnx" }) };
    });
}

const show = (s: TestServer, route: string) =>
  renderWithServer(<CompareView />, s, { route, path: "/models/:id/compare" });

test("a deep link shows the chosen versions side by side and asks only for those", async () => {
  const s = server();
  show(s, "/models/M1/compare?versions=5,3");
  const table = await screen.findByRole("table", { name: /churn: v3, v5 side by side/ });
  const headers = within(within(table).getAllByRole("row")[0]!).getAllByRole("columnheader").map((h) => h.textContent);
  expect(headers).toEqual(["Field", "v3", "v5"]);
  expect(s.called("CompareVersion").map((c) => c.variables.id).sort()).toEqual(["V3", "V5"]);
  const latency = within(table).getByRole("rowheader", { name: /Smoke inference P95/ }).closest("tr")!;
  expect(latency).toHaveClass("differs");
  expect(within(latency).getByText("differs")).toBeInTheDocument();
  expect(within(latency).getByText("0.40 ms (+100.0%)")).toBeInTheDocument();
  const producer = within(table).getByRole("rowheader", { name: "Producer" }).closest("tr")!;
  expect(producer).not.toHaveClass("differs");
  const agreement = within(table).getByRole("rowheader", { name: /Agreement with production/ }).closest("tr")!;
  expect(within(agreement).getAllByRole("cell").map((c) => c.textContent)).toEqual(["production in this run", "90.0%"]);
});

test("only differences hides the rows where the versions agree", async () => {
  show(server(), "/models/M1/compare?versions=3,5");
  const table = await screen.findByRole("table");
  expect(within(table).getByRole("rowheader", { name: "Producer" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("checkbox", { name: "Show only differences" }));
  expect(within(table).queryByRole("rowheader", { name: "Producer" })).not.toBeInTheDocument();
  expect(within(table).getByRole("rowheader", { name: /Smoke inference P95/ })).toBeInTheDocument();
});

test("ticking a version adds its column and keeps the choice in the address", async () => {
  const s = server();
  show(s, "/models/M1/compare?versions=3,5");
  await screen.findByRole("table");
  const picker = screen.getByRole("group", { name: /Versions compared/ });
  await userEvent.click(within(picker).getByRole("checkbox", { name: "v1" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/models/M1/compare?versions=1%2C3%2C5"));
  const table = await screen.findByRole("table", { name: /v1, v3, v5/ });
  expect(within(within(table).getAllByRole("row")[0]!).getAllByRole("columnheader")).toHaveLength(4);
});

test("fewer than two versions asks for more; unknown numbers are named", async () => {
  show(server([1, 2, 3]), "/models/M1/compare?versions=3,9");
  expect(await screen.findByText("Pick at least two versions above to see them side by side.")).toBeInTheDocument();
  expect(screen.getByRole("note")).toHaveTextContent("churn has no v9; its versions are v1 to v3.");
  expect(screen.queryByRole("table")).not.toBeInTheDocument();
});

test("a version the server could not read shows its error, not a half table, and Try again asks anew", async () => {
  const s = server().fail(CompareVersionDocument, "The database did not answer in time; try again.", "UNAVAILABLE");
  show(s, "/models/M1/compare?versions=1,2");
  expect(await screen.findByRole("alert")).toHaveTextContent("UNAVAILABLE: The database did not answer in time; try again.");
  expect(screen.queryByRole("table")).not.toBeInTheDocument();
  s.on(CompareVersionDocument, ({ id }) => ({ modelVersion: version(Number(id.slice(1))) }));
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("table", { name: /v1, v2 side by side/ })).toBeInTheDocument();
});
