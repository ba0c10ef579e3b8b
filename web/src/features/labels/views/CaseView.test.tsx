import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { forwardRef, useImperativeHandle } from "react";
import { renderWithServer, TestServer } from "../../../test/server";
import { SetCaseStatusDocument } from "../components/CaseStatusControl";
import { CasePageDocument, CaseView, LabelSavedDocument, SaveLabelDocument } from "./CaseView";

// jsdom has no WebGL: the Niivue editor is replaced by one whose "stroke" button reports an edit.
vi.mock("../components/MaskEditor", () => ({
  MaskEditor: forwardRef(function FakeEditor(props: { onEdit: () => void }, ref) {
    useImperativeHandle(ref, () => ({ exportMask: () => Promise.resolve(new Uint8Array([1, 2, 3])), undo: () => {}, setSlice: () => {} }));
    return <button type="button" onClick={props.onEdit}>stroke</button>;
  }),
}));

const label = (id: string, version: number) => ({
  id, version, comment: "", createdAt: "2026-11-23T10:00:00Z", author: { id: "U", email: "labeler@demo" }, mask: { url: `https://s3/${id}`, filename: "m.nii.gz" },
});

function server(current = label("L1", 1), can = { manage: false }) {
  let labels = [current];
  let status: "OPEN" | "IN_REVIEW" | "DONE" = "OPEN";
  const s = new TestServer().on(CasePageDocument, ({ id }) => ({
    case: {
      id, title: "Phantom B", status, shape: [64, 64, 32], labelValues: [0, 1, 2], viewerCanLabel: true, viewerCanManage: can.manage,
      assignee: null, currentLabel: { id: labels[0]!.id, version: labels[0]!.version },
      artifacts: [{ kind: "IMAGE" as const, url: "https://s3/image" }, { kind: "MASK" as const, url: `https://s3/${labels[0]!.id}` }],
      labels,
    },
  }));
  const add = (l: ReturnType<typeof label>) => (labels = [l, ...labels]);
  s.on(SetCaseStatusDocument, (v) => {
    status = v.status;
    return { setCaseStatus: { id: v.id, status } };
  });
  return { s, add };
}

beforeEach(() => vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(new Uint8Array([0, 0]).buffer)))));
afterEach(() => vi.unstubAllGlobals());

test("saves against the current label with one key per edit; a double-click saves once", async () => {
  const { s, add } = server();
  s.on(SaveLabelDocument, () => {
    add(label("L2", 2));
    return { saveLabel: { replayed: false, label: { id: "L2", version: 2 } } };
  });
  renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "stroke" }));
  await userEvent.type(screen.getByLabelText("Comment"), "fixed the rim");
  await userEvent.dblClick(screen.getByRole("button", { name: "Save mask" }));
  expect(await screen.findByText("Saved as version 2.")).toBeInTheDocument();
  expect(s.uploads).toHaveLength(1);
  expect(s.uploads[0]?.variables).toMatchObject({ caseId: "C1", base: "L1", comment: "fixed the rim" });
  expect(s.uploads[0]?.variables.key).toMatch(/^[0-9a-f-]{36}$/);
  await waitFor(() => expect(screen.getByText(/current mask v2/)).toBeInTheDocument());
});

test("a failed save is retried with the same idempotency key", async () => {
  const { s } = server();
  s.fail(SaveLabelDocument, "S3 is unavailable; try again.", "UNAVAILABLE");
  renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "stroke" }));
  await userEvent.click(screen.getByRole("button", { name: "Save mask" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("UNAVAILABLE: S3 is unavailable; try again.");
  s.on(SaveLabelDocument, () => ({ saveLabel: { replayed: true, label: { id: "L2", version: 2 } } }));
  await userEvent.click(screen.getByRole("button", { name: "Save mask" }));
  expect(await screen.findByText("Saved as version 2 (already saved earlier).")).toBeInTheDocument();
  expect(s.uploads[1]?.variables.key).toBe(s.uploads[0]?.variables.key);
});

test("a CONFLICT says so and offers to reload the newest mask", async () => {
  const { s, add } = server();
  s.fail(SaveLabelDocument, "The case moved on since you opened it.", "CONFLICT");
  renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "stroke" }));
  await waitFor(() => expect(s.subscribers(LabelSavedDocument)).toBe(1));
  act(() => s.emit(LabelSavedDocument, { labelSaved: { id: "L9", version: 9, author: { email: "other@demo" } } }));
  expect(await screen.findByText(/A newer version \(v9\) was saved by other@demo/)).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Save mask" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CONFLICT: The case moved on since you opened it.");
  expect(screen.getByRole("alert")).toHaveTextContent("discards your unsaved edits");
  add(label("L9", 9));
  await userEvent.click(screen.getByRole("button", { name: "Reload the newest mask" }));
  await waitFor(() => expect(screen.getByText(/current mask v9/)).toBeInTheDocument());
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  expect(screen.getByText("No edits")).toBeInTheDocument();
});

test("the case status control is there only when the server says the viewer may manage the case", async () => {
  const { s } = server(label("L1", 1), { manage: true });
  renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
  await userEvent.selectOptions(await screen.findByLabelText("Case status"), "DONE");
  await userEvent.click(screen.getByRole("button", { name: "Set status" }));
  await waitFor(() => expect(screen.getByRole("heading", { name: /Phantom B/ })).toHaveTextContent("DONE"));
  expect(s.called("SetCaseStatus")[0]?.variables).toEqual({ id: "C1", status: "DONE" });
});

test("a labeler who may not manage the case sees no status control", async () => {
  const { s } = server();
  renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
  await screen.findByRole("button", { name: "stroke" });
  expect(screen.queryByLabelText("Case status")).not.toBeInTheDocument();
});
