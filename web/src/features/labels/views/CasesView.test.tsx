import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { CaseAssigneesDocument } from "../components/AssignControl";
import { CreateCaseDocument, labelsFrom } from "../components/NewCaseForm";
import { CasesPageDocument, CasesView, CasesViewerDocument } from "./CasesView";

configure({ asyncUtilTimeout: 5000 });

const node = (id: string, title: string, assignee: { id: string; email: string } | null) => ({
  id, title, status: "OPEN" as const, shape: [8, 8, 4], updatedAt: "2026-12-01T10:00:00Z", assignee, currentLabel: null,
});

function server(manage: boolean) {
  return new TestServer()
    .on(CasesViewerDocument, () => ({ me: { id: "ME", canManageCases: manage } }))
    .on(CasesPageDocument, ({ mine, after }) => ({
      cases: {
        edges: (mine ? [node("C2", "Mine", { id: "ME", email: "me@demo" })] : after
          ? [node("C3", "Older", null)]
          : [node("C1", "Theirs", { id: "U2", email: "other@demo" }), node("C2", "Mine", { id: "ME", email: "me@demo" })]).map((n) => ({ node: n })),
        pageInfo: { hasNextPage: !mine && !after, endCursor: after ? null : "cursor-1" },
      },
    }))
    .on(CaseAssigneesDocument, () => ({
      caseAssignees: { edges: [{ node: { id: "UL", email: "labeler@demo", role: "LABELER" as const } }], pageInfo: { hasNextPage: false, endCursor: null } },
    }));
}

test("'Assigned to me' asks the server for the viewer's cases and keeps the choice in the URL; More pages on", async () => {
  const s = server(false);
  renderWithServer(<CasesView />, s, { route: "/labeling", path: "/labeling" });
  expect(await screen.findByRole("link", { name: "Theirs" })).toBeInTheDocument();
  expect(screen.getByRole("row", { name: /Mine .* you/ })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "More" }));
  expect(await screen.findByRole("link", { name: "Older" })).toBeInTheDocument();
  expect(s.called("CasesPage").at(-1)?.variables).toMatchObject({ mine: false, after: "cursor-1" });
  await userEvent.click(screen.getByRole("checkbox", { name: "Assigned to me" }));
  await waitFor(() => expect(screen.queryByRole("link", { name: "Theirs" })).not.toBeInTheDocument());
  expect(screen.getByRole("link", { name: "Mine" })).toBeInTheDocument();
  expect(s.called("CasesPage").at(-1)?.variables).toMatchObject({ mine: true, after: null });
  expect(screen.getByTestId("location")).toHaveTextContent("/labeling?mine=1");
  expect(screen.queryByRole("button", { name: "New case" })).not.toBeInTheDocument(); // labelers do not create cases
}, 20_000);

test("a case manager creates a case with named labels and an assignee, then lands on it", async () => {
  const s = server(true).on(CreateCaseDocument, () => ({ createCase: { id: "C9", title: "Liver 12" } }));
  renderWithServer(<CasesView />, s, { route: "/labeling", path: "/labeling" });
  await userEvent.click(await screen.findByRole("button", { name: "New case" }));
  await userEvent.type(screen.getByLabelText("Title"), "Liver 12");
  const image = new File([new Uint8Array([1, 2, 3])], "liver.nii.gz");
  await userEvent.upload(screen.getByLabelText(/^Image/), image);
  await userEvent.type(screen.getByLabelText(/^Labels/), "liver, tumour ");
  await screen.findByRole("option", { name: "labeler@demo (labeler)" });
  await userEvent.selectOptions(screen.getByLabelText("Assign to"), "UL");
  await userEvent.click(screen.getByRole("button", { name: "Create case" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/labeling/cases/C9"));
  expect(s.uploads[0]?.variables).toMatchObject({
    title: "Liver 12", assigneeId: "UL", labelValues: [0, 1, 2],
    labelNames: [{ value: 1, name: "liver" }, { value: 2, name: "tumour" }],
  });
  expect(s.uploads[0]?.files.image).toBe(image);
}, 20_000);

test("a refused name is shown at the labels field", async () => {
  const s = server(true).fail(CreateCaseDocument, "Values 1 and 2 are both named 'a'; names must differ.", "BAD_USER_INPUT", "names");
  renderWithServer(<CasesView />, s, { route: "/labeling", path: "/labeling" });
  await userEvent.click(await screen.findByRole("button", { name: "New case" }));
  await userEvent.type(screen.getByLabelText("Title"), "x");
  await userEvent.upload(screen.getByLabelText(/^Image/), new File([new Uint8Array([1])], "i.nii"));
  await userEvent.type(screen.getByLabelText(/^Labels/), "a, a");
  await userEvent.click(screen.getByRole("button", { name: "Create case" }));
  expect(await screen.findByText(/names must differ/)).toHaveClass("field-error");
  expect(screen.getByLabelText(/^Labels/)).toHaveAttribute("aria-invalid", "true");
}, 20_000);

test("label names become values 1, 2, … after the background", () => {
  expect(labelsFrom(" ")).toBeNull();
  expect(labelsFrom("a,, b")).toEqual({ values: [0, 1, 2], names: [{ value: 1, name: "a" }, { value: 2, name: "b" }] });
}, 20_000);
