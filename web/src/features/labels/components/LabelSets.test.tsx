import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { CreateLabelSetDocument, DeleteLabelSetDocument, LabelSets, LabelSetsDocument } from "./LabelSets";

const SET = {
  id: "S1", name: "liver-2026-12", description: "", caseCount: 12, sha256: "a".repeat(64),
  createdAt: "2026-12-07T10:00:00Z", createdBy: { email: "ds@demo" },
};

function listing(me: { canUploadModels: boolean; canManageCases: boolean }, sets = [SET]) {
  return {
    me: { id: "U1", ...me },
    labelSets: { edges: sets.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } },
  };
}

test("a data scientist freezes a set and sees it listed; the server's refusal is shown as it says", async () => {
  let sets: (typeof SET)[] = [];
  const s = new TestServer()
    .on(LabelSetsDocument, () => listing({ canUploadModels: true, canManageCases: false }, sets))
    .on(CreateLabelSetDocument, ({ name }) => {
      sets = [{ ...SET, name }];
      return { createLabelSet: { id: "S1", name, caseCount: 12 } };
    });
  renderWithServer(<LabelSets />, s);
  expect(await screen.findByText("No label set yet. Freeze one once cases have masks.")).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText("Name"), "liver-2026-12");
  await userEvent.click(screen.getByRole("button", { name: "Freeze every labelled case" }));
  expect(await screen.findByRole("cell", { name: "liver-2026-12" })).toBeInTheDocument();
  expect(s.calls.find((c) => c.operationName === "CreateLabelSet")?.variables).toEqual({ name: "liver-2026-12", description: "" });
  // Scientists freeze but do not delete.
  expect(screen.queryByRole("button", { name: /Delete label set/ })).not.toBeInTheDocument();
  s.fail(CreateLabelSetDocument, "A label set named 'liver-2026-12' exists; label sets never change, so choose another name.", "CONFLICT");
  await userEvent.type(screen.getByLabelText("Name"), "liver-2026-12");
  await userEvent.click(screen.getByRole("button", { name: "Freeze every labelled case" }));
  expect(await screen.findByText(/choose another name/)).toBeInTheDocument();
});

test("deleting asks first, names the set, and a set a version was trained on stays with the reason", async () => {
  const s = new TestServer()
    .on(LabelSetsDocument, () => listing({ canUploadModels: true, canManageCases: true }))
    .fail(DeleteLabelSetDocument, "Label set 'liver-2026-12' is the training data of a model version.", "CONFLICT");
  renderWithServer(<LabelSets />, s);
  await userEvent.click(await screen.findByRole("button", { name: "Delete label set liver-2026-12" }));
  const dialog = screen.getByRole("alertdialog", { name: "Delete label set liver-2026-12?" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Delete liver-2026-12" }));
  expect(await screen.findByText(/training data of a model version/)).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  expect(screen.getByRole("cell", { name: "liver-2026-12" })).toBeInTheDocument();
});

test("viewers read the sets without a form", async () => {
  const s = new TestServer().on(LabelSetsDocument, () => listing({ canUploadModels: false, canManageCases: false }));
  renderWithServer(<LabelSets />, s);
  expect(await screen.findByRole("cell", { name: "liver-2026-12" })).toBeInTheDocument();
  expect(screen.queryByRole("form", { name: "Freeze a label set" })).not.toBeInTheDocument();
});
