import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { forwardRef, useImperativeHandle } from "react";
import { renderWithServer, TestServer } from "../../../test/server";
import { AssignCaseDocument, CaseAssigneesDocument } from "../components/AssignControl";
import { SetCaseStatusDocument } from "../components/CaseStatusControl";
import { SetCaseLabelNamesDocument } from "../components/LabelNamesForm";
import type { EditorState, LabelColor } from "../components/MaskEditor";
import { CasePageDocument, CaseView, LabelSavedDocument, NextCaseDocument, SaveLabelDocument } from "./CaseView";

// jsdom has no WebGL: the Niivue editor is replaced by one whose "stroke" button reports an edit and
// whose handle records what the page asked of it.
const editorCalls: string[] = [];
const shown: { opacity?: number; colors?: LabelColor[]; editable?: boolean; mask?: ArrayBuffer | null } = {};
vi.mock("../components/MaskEditor", () => ({
  MaskEditor: forwardRef(function FakeEditor(props: {
    onChange: (s: EditorState) => void; opacity: number; colors: LabelColor[]; editable: boolean; mask: ArrayBuffer | null;
  }, ref) {
    Object.assign(shown, { opacity: props.opacity, colors: props.colors, editable: props.editable, mask: props.mask });
    useImperativeHandle(ref, () => ({
      exportMask: () => Promise.resolve(new Uint8Array([1, 2, 3])),
      undo: () => editorCalls.push("undo"),
      redo: () => editorCalls.push("redo"),
      setSlice: (k: number) => editorCalls.push(`slice ${k}`),
      moveCursor: (dx: number, dy: number) => editorCalls.push(`cursor ${dx},${dy}`),
      paintAtCursor: () => editorCalls.push("paint"),
      markSaved: () => props.onChange({ dirty: false, canUndo: true, canRedo: false }),
    }));
    return <button type="button" onClick={() => props.onChange({ dirty: true, canUndo: true, canRedo: false })}>stroke</button>;
  }),
}));

const label = (id: string, version: number, comment = "") => ({
  id, version, comment, createdAt: "2026-11-23T10:00:00Z", author: { id: "U", email: "labeler@demo" }, mask: { url: `https://s3/${id}`, filename: "m.nii.gz" },
});

interface LabelClass { value: number; name: string | null; color: string | null }

const CLASSES: LabelClass[] = [
  { value: 0, name: null, color: null },
  { value: 1, name: "sphere", color: "#e6194b" },
  { value: 2, name: null, color: "#3cb44b" },
];

function server(current = label("L1", 1), can = { manage: false }, assigned: { id: string; email: string } | null = null) {
  let labels = [current];
  let status: "OPEN" | "IN_REVIEW" | "DONE" = "OPEN";
  let assignee = assigned;
  let classes = CLASSES;
  const s = new TestServer().on(CasePageDocument, ({ id }) => ({
    case: {
      id, title: "Phantom B", status, shape: [64, 64, 32], labelValues: [0, 1, 2], viewerCanLabel: true, viewerCanManage: can.manage,
      labelClasses: classes, assignee, currentLabel: { id: labels[0]!.id, version: labels[0]!.version },
      artifacts: [{ kind: "IMAGE" as const, url: "https://s3/image" }, { kind: "MASK" as const, url: `https://s3/${labels[0]!.id}` }],
      labels,
    },
  }));
  const add = (l: ReturnType<typeof label>) => (labels = [l, ...labels]);
  s.on(SetCaseStatusDocument, (v) => {
    status = v.status;
    return { setCaseStatus: { id: v.id, status } };
  });
  s.on(CaseAssigneesDocument, () => ({
    caseAssignees: { edges: [{ node: { id: "UL", email: "labeler@demo", role: "LABELER" as const } }], pageInfo: { hasNextPage: false, endCursor: null } },
  }));
  s.on(AssignCaseDocument, (v) => {
    assignee = v.assigneeId ? { id: v.assigneeId, email: "labeler@demo" } : null;
    return { assignCase: { id: v.id, assignee } };
  });
  s.on(SetCaseLabelNamesDocument, (v) => {
    const named = new Map([v.names].flat().map((n) => [n.value, n.name]));
    classes = CLASSES.map((c) => ({ ...c, name: named.get(c.value) ?? null }));
    return { setCaseLabelNames: { id: v.id, labelClasses: classes } };
  });
  return { s, add };
}

const open = (s: TestServer) => renderWithServer(<CaseView />, s, { route: "/labeling/cases/C1", path: "/labeling/cases/:id" });
const where = () => screen.getByTestId("location").textContent;

configure({ asyncUtilTimeout: 5000 }); // the first render loads every module of the page, slowly on a busy machine

// Every artifact "download" answers with bytes naming its URL, so a test can tell which mask was sent.
beforeEach(() => {
  editorCalls.length = 0;
  vi.stubGlobal("fetch", vi.fn((url: string) => Promise.resolve(new Response(new TextEncoder().encode(url)))));
});
afterEach(() => vi.unstubAllGlobals());

test("saves against the current label with one key per edit; a double-click saves once", async () => {
  const { s, add } = server();
  s.on(SaveLabelDocument, () => {
    add(label("L2", 2));
    return { saveLabel: { replayed: false, label: { id: "L2", version: 2 } } };
  });
  open(s);
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
  open(s);
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
  open(s);
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

test("case managers set the status and assign the case; labelers see neither control", async () => {
  const { s } = server(label("L1", 1), { manage: true });
  open(s);
  await userEvent.selectOptions(await screen.findByLabelText("Case status"), "DONE");
  await userEvent.click(screen.getByRole("button", { name: "Set status" }));
  await waitFor(() => expect(screen.getByRole("heading", { name: /Phantom B/ })).toHaveTextContent("DONE"));
  expect(s.called("SetCaseStatus")[0]?.variables).toEqual({ id: "C1", status: "DONE" });
  await screen.findByRole("option", { name: "labeler@demo (labeler)" });
  await userEvent.selectOptions(screen.getByLabelText("Assignee"), "UL");
  await userEvent.click(screen.getByRole("button", { name: "Assign" }));
  expect(await screen.findByText(/assigned to labeler@demo/)).toBeInTheDocument();
  expect(s.called("AssignCase")[0]?.variables).toEqual({ id: "C1", assigneeId: "UL" });
});

test("the assignee control shows who the case is assigned to once the list of people arrives", async () => {
  const { s } = server(label("L1", 1), { manage: true }, { id: "UL", email: "labeler@demo" });
  open(s);
  await screen.findByRole("option", { name: "labeler@demo (labeler)" });
  expect(screen.getByLabelText("Assignee")).toHaveValue("UL");
  expect(screen.getByRole("button", { name: "Assign" })).toBeDisabled(); // nothing to change yet
});

test("a case manager names the labels and the legend shows the new names", async () => {
  const { s } = server(label("L1", 1), { manage: true });
  open(s);
  const form = await screen.findByRole("form", { name: "Label names" });
  expect(within(form).getByRole("button", { name: "Save names" })).toBeDisabled();
  await userEvent.clear(within(form).getByLabelText("Value 1"));
  await userEvent.type(within(form).getByLabelText("Value 2"), " blob ");
  await userEvent.click(within(form).getByRole("button", { name: "Save names" }));
  expect(await screen.findByRole("radio", { name: /blob \(2\)/ })).toBeInTheDocument();
  expect(screen.getByRole("radio", { name: /label 1 \(1\)/ })).toBeInTheDocument(); // "sphere" was removed
  expect(s.called("SetCaseLabelNames")[0]?.variables).toEqual({ id: "C1", names: [{ value: 2, name: "blob" }] });
});

test("a labeler who may not manage the case sees no status or assignee control", async () => {
  const { s } = server();
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  expect(screen.queryByLabelText("Case status")).not.toBeInTheDocument();
  expect(screen.queryByLabelText("Assignee")).not.toBeInTheDocument();
  expect(screen.queryByRole("form", { name: "Label names" })).not.toBeInTheDocument();
  expect(s.called("CaseAssignees")).toHaveLength(0);
});

test("the legend names the labels in the server's colours, and the editor draws in them", async () => {
  const { s } = server();
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  const legend = screen.getByRole("group", { name: "Label to paint" });
  expect(within(legend).getByRole("radio", { name: /sphere \(1\)/ })).toBeChecked();
  expect(within(legend).getByRole("radio", { name: /label 2 \(2\)/ })).not.toBeChecked();
  expect(shown.colors).toEqual(CLASSES);
  await userEvent.click(within(legend).getByRole("radio", { name: /label 2/ }));
  expect(within(legend).getByRole("radio", { name: /label 2/ })).toBeChecked();
});

test("the opacity slider and the overlay switch set how the mask is drawn", async () => {
  const { s } = server();
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  expect(shown.opacity).toBe(0.5);
  fireEvent.change(screen.getByRole("slider", { name: /Opacity/ }), { target: { value: "80" } });
  expect(shown.opacity).toBe(0.8);
  expect(screen.getByText("80 %")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("checkbox", { name: "Show mask" }));
  expect(shown.opacity).toBe(0);
  await userEvent.keyboard("o");
  expect(shown.opacity).toBe(0.8);
});

test("every shortcut reaches its tool, and typing in the comment is left alone", async () => {
  const { s } = server();
  s.on(SaveLabelDocument, () => ({ saveLabel: { replayed: false, label: { id: "L2", version: 2 } } }));
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  await userEvent.keyboard("e");
  expect(screen.getByRole("radio", { name: "Eraser" })).toBeChecked();
  await userEvent.keyboard("b]]]");
  expect(screen.getByRole("radio", { name: "Brush" })).toBeChecked();
  expect(screen.getByRole("slider", { name: /Size/ })).toHaveValue("6");
  await userEvent.keyboard("[[");
  expect(screen.getByRole("slider", { name: /Size/ })).toHaveValue("5");
  await userEvent.keyboard("2");
  expect(screen.getByRole("radio", { name: /label 2/ })).toBeChecked();
  await userEvent.keyboard("{ArrowLeft}{Shift>}{ArrowUp}{/Shift} {PageUp}{Control>}z{/Control}{Control>}{Shift>}z{/Shift}{/Control}");
  expect(editorCalls).toEqual(["cursor -1,0", "cursor 0,5", "paint", expect.stringMatching(/^slice \d+$/), "undo", "redo"]);
  await userEvent.click(screen.getByRole("button", { name: "stroke" }));
  await userEvent.type(screen.getByLabelText("Comment"), "be careful");
  expect(screen.getByRole("radio", { name: "Brush" })).toBeChecked(); // the "e" and "b" went into the text
  await userEvent.keyboard("{Control>}s{/Control}");
  expect(await screen.findByText("Saved as version 2.")).toBeInTheDocument();
  expect(s.uploads[0]?.variables.comment).toBe("be careful");
});

test("? opens the shortcuts overlay: focus inside, Tab kept inside, Escape closes and returns focus", async () => {
  const { s } = server();
  open(s);
  const stroke = await screen.findByRole("button", { name: "stroke" });
  stroke.focus();
  await userEvent.keyboard("?");
  const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
  expect(dialog).toHaveAttribute("aria-modal", "true");
  expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  expect(within(dialog).getByRole("cell", { name: "Redo" }).closest("tr")).toHaveTextContent("Ctrl + Shift + Z or Ctrl + Y");
  await userEvent.tab();
  expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  await userEvent.keyboard("e"); // shortcuts sleep while the overlay is open
  expect(screen.getByRole("radio", { name: "Brush" })).toBeChecked();
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(stroke).toHaveFocus();
});

test("an older version opens read-only and is restored as a new version through the save path", async () => {
  const { s, add } = server(label("L2", 2));
  add(label("L1", 1, "first try"));
  // `labels` is newest first: put v2 back on top.
  s.on(CasePageDocument, ({ id }) => ({
    case: {
      id, title: "Phantom B", status: "OPEN" as const, shape: [64, 64, 32], labelValues: [0, 1, 2], viewerCanLabel: true, viewerCanManage: false,
      labelClasses: CLASSES, assignee: null, currentLabel: { id: "L2", version: 2 },
      artifacts: [{ kind: "IMAGE" as const, url: "https://s3/image" }, { kind: "MASK" as const, url: "https://s3/L2" }],
      labels: [label("L2", 2), label("L1", 1, "first try")],
    },
  }));
  s.fail(SaveLabelDocument, "S3 is unavailable; try again.", "UNAVAILABLE");
  open(s);
  await userEvent.click(await screen.findByRole("button", { name: "View v1" }));
  expect((await screen.findByText(/Viewing v1/)).closest(".version-banner")).toHaveTextContent("Viewing v1 (read-only), saved by labeler@demo");
  expect(shown.editable).toBe(false);
  expect(new TextDecoder().decode(shown.mask!)).toBe("https://s3/L1");
  expect(screen.queryByRole("button", { name: "Save mask" })).not.toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Restore v1 as a new version" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("UNAVAILABLE");
  s.on(SaveLabelDocument, () => ({ saveLabel: { replayed: false, label: { id: "L3", version: 3 } } }));
  await userEvent.click(screen.getByRole("button", { name: "Restore v1 as a new version" }));
  expect(await screen.findByText("Restored v1 as version 3.")).toBeInTheDocument();
  expect(s.uploads).toHaveLength(2);
  expect(s.uploads[1]?.variables).toMatchObject({ caseId: "C1", base: "L2", comment: "Restored v1" });
  expect(s.uploads[1]?.variables.key).toBe(s.uploads[0]?.variables.key); // the retry is the same restore
  const sent = await new Promise<string>((resolve) => {
    const reader = new FileReader(); // jsdom's Blob has no text() or stream()
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(s.uploads[1]!.files.mask!);
  });
  expect(sent).toBe("https://s3/L1"); // v1's file, as stored
  expect(screen.queryByText(/Viewing v1/)).not.toBeInTheDocument();
  expect(shown.editable).toBe(true);
});

test("opening an older version with unsaved edits asks first", async () => {
  const { s } = server(label("L2", 2));
  s.on(CasePageDocument, ({ id }) => ({
    case: {
      id, title: "Phantom B", status: "OPEN" as const, shape: [64, 64, 32], labelValues: [0, 1, 2], viewerCanLabel: true, viewerCanManage: false,
      labelClasses: CLASSES, assignee: null, currentLabel: { id: "L2", version: 2 },
      artifacts: [{ kind: "IMAGE" as const, url: "https://s3/image" }, { kind: "MASK" as const, url: "https://s3/L2" }],
      labels: [label("L2", 2), label("L1", 1)],
    },
  }));
  open(s);
  await userEvent.click(await screen.findByRole("button", { name: "stroke" }));
  await userEvent.click(screen.getByRole("button", { name: "View v1" }));
  const ask = screen.getByRole("alertdialog", { name: "Open v1 read-only?" });
  expect(ask).toHaveTextContent("Your unsaved mask edits on “Phantom B” will be lost");
  await userEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByText(/Viewing v1/)).not.toBeInTheDocument();
  expect(screen.getByText("Unsaved edits")).toBeInTheDocument();
});

test("next case goes to the server's next case; none left says so", async () => {
  const { s } = server();
  s.on(NextCaseDocument, ({ after }) => ({ nextCase: after === "C1" ? { id: "C2", title: "Phantom C" } : null }));
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  await userEvent.keyboard("n");
  await waitFor(() => expect(where()).toBe("/labeling/cases/C2"));
  expect(s.called("NextCase")[0]?.variables).toEqual({ after: "C1" });
  await userEvent.click(await screen.findByRole("button", { name: "Next case ›" }));
  expect(await screen.findByText("No other open case is waiting for you.")).toBeInTheDocument();
});

test("leaving with unsaved edits asks first, naming them; staying keeps them", async () => {
  const { s } = server();
  s.on(NextCaseDocument, () => ({ nextCase: { id: "C2", title: "Phantom C" } }));
  open(s);
  await userEvent.click(await screen.findByRole("button", { name: "stroke" }));
  const unload = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(unload);
  expect(unload.defaultPrevented).toBe(true); // the browser's own "Leave site?" prompt
  await userEvent.click(screen.getByRole("button", { name: "Next case ›" }));
  const ask = await screen.findByRole("alertdialog", { name: "Leave with unsaved work?" });
  expect(ask).toHaveTextContent("Your unsaved mask edits on “Phantom B” (made on v1) will be lost if you leave this page now.");
  await userEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
  expect(where()).toBe("/labeling/cases/C1");
  expect(screen.getByText("Unsaved edits")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Next case ›" }));
  await userEvent.click(await screen.findByRole("button", { name: "Discard my edits and leave" }));
  await waitFor(() => expect(where()).toBe("/labeling/cases/C2"));
});

test("with nothing unsaved the page lets go without asking", async () => {
  const { s } = server();
  s.on(NextCaseDocument, () => ({ nextCase: { id: "C2", title: "Phantom C" } }));
  open(s);
  await screen.findByRole("button", { name: "stroke" });
  const unload = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(unload);
  expect(unload.defaultPrevented).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Next case ›" }));
  await waitFor(() => expect(where()).toBe("/labeling/cases/C2"));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});
