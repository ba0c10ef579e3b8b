import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { ModelPageDocument, ModelView } from "./ModelView";

test("a model's versions with their stage, and tabs to its deployments and shadow report", async () => {
  const s = new TestServer().on(ModelPageDocument, ({ id }) => ({
    me: { id: "U1", canUploadModels: false },
    model: {
      id, name: "churn", description: "Who leaves", tags: [], createdAt: "2026-11-23T10:00:00Z",
      versions: [
        { id: "V2", version: 2, status: "APPROVED" as const, stage: "SHADOW" as const, description: "", createdAt: "2026-11-23T11:00:00Z" },
        { id: "V1", version: 1, status: "APPROVED" as const, stage: "PRODUCTION" as const, description: "", createdAt: "2026-11-23T10:00:00Z" },
      ],
    },
  }));
  renderWithServer(<ModelView />, s, { route: "/models/M1", path: "/models/:id" });
  const rows = await screen.findAllByRole("row");
  expect(within(rows[1]!).getByText("SHADOW")).toBeInTheDocument();
  expect(within(rows[2]!).getByText("PRODUCTION")).toBeInTheDocument();
  const tabs = screen.getByRole("navigation", { name: "Model pages" });
  expect(within(tabs).getByRole("link", { name: "Deployments" })).toHaveAttribute("href", "/models/M1/deployments");
  expect(within(tabs).getByRole("link", { name: "Shadow report" })).toHaveAttribute("href", "/models/M1/shadow");
  expect(screen.queryByRole("link", { name: "Upload a new version" })).not.toBeInTheDocument();
});

test("ticking two versions and Compare opens the comparison with both in the address", async () => {
  const s = new TestServer().on(ModelPageDocument, ({ id }) => ({
    me: { id: "U1", canUploadModels: false },
    model: {
      id, name: "churn", description: "", tags: [], createdAt: "2026-11-23T10:00:00Z",
      versions: [5, 4, 3].map((n) => ({ id: `V${n}`, version: n, status: "APPROVED" as const, stage: "NONE" as const, description: "", createdAt: "2026-11-23T10:00:00Z" })),
    },
  }));
  renderWithServer(<ModelView />, s, { route: "/models/M1", path: "/models/:id" });
  const compare = await screen.findByRole("button", { name: "Compare" });
  await userEvent.click(screen.getByRole("checkbox", { name: "Compare v5" }));
  await userEvent.click(compare); // one version is not a comparison: nothing happens
  expect(screen.getByTestId("location")).toHaveTextContent(/^\/models\/M1$/);
  await userEvent.click(screen.getByRole("checkbox", { name: "Compare v3" }));
  await userEvent.click(screen.getByRole("button", { name: "Compare 2 versions" }));
  expect(screen.getByTestId("location")).toHaveTextContent("/models/M1/compare?versions=3,5");
});
