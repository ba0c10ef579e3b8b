import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { RegisterModelDocument, UploadTargetsDocument, UploadVersionDocument, UploadView } from "./UploadView";

const onnx = () => new File([new Uint8Array(4096)], "model.onnx", { type: "application/octet-stream" });

function server() {
  return new TestServer()
    .on(UploadTargetsDocument, () => ({ me: { id: "U1", role: "ML_ENGINEER" as const, canUploadModels: true }, models: { edges: [{ node: { id: "M0", name: "churn", latestVersion: 2 } }] } }))
    .on(RegisterModelDocument, ({ name }) => ({ registerModel: { id: "M1", name, latestVersion: 0 } }))
    .on(UploadVersionDocument, () => ({ uploadModelVersion: { replayed: false, version: { id: "V1" } } }));
}

test("a name the server refuses is shown next to the field, and no bytes are sent", async () => {
  const s = server().fail(RegisterModelDocument, "A model name has 1 to 200 characters.", "BAD_USER_INPUT", "name");
  renderWithServer(<UploadView />, s, { route: "/models/upload" });
  await userEvent.upload(await screen.findByLabelText(/Model file/), onnx());
  await userEvent.click(screen.getByRole("button", { name: "Upload" }));
  expect(await screen.findByText("A model name has 1 to 200 characters.")).toBeInTheDocument();
  expect(screen.getByLabelText(/^Name/)).toHaveAttribute("aria-invalid", "true");
  expect(s.uploads).toEqual([]);
});

test("registers the new model, shows the upload's progress, can cancel, then uploads and opens the version", async () => {
  const s = server();
  s.holdUploads = true;
  renderWithServer(<UploadView />, s, { route: "/models/upload" });
  await userEvent.type(await screen.findByLabelText("Name"), "fraud");
  await userEvent.type(screen.getByLabelText("Tags (comma separated)"), "tabular, v2");
  await userEvent.upload(screen.getByLabelText(/Model file/), onnx());
  await userEvent.click(screen.getByRole("button", { name: "Upload" }));
  expect(await screen.findByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("aria-valuenow", "50");
  expect(s.called("RegisterModel")[0]?.variables).toEqual({ name: "fraud", description: "", tags: ["tabular", "v2"] });
  await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CANCELLED: Upload cancelled.");
  s.holdUploads = false;
  await userEvent.click(screen.getByRole("button", { name: "Upload" })); // now a version of the registered model
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/models/versions/V1"));
  expect(s.called("RegisterModel")).toHaveLength(1);
  const [first, second] = s.uploads;
  expect(second?.variables).toMatchObject({ modelId: "M1", key: first?.variables.key });
  expect(second?.files.file).toBeInstanceOf(File);
});

test("a viewer who opens the upload link is told their role cannot upload, with no form and no retry", async () => {
  const s = server().on(UploadTargetsDocument, () => ({ me: { id: "U2", role: "VIEWER" as const, canUploadModels: false }, models: { edges: [] } }));
  renderWithServer(<UploadView />, s, { route: "/models/upload" });
  expect(await screen.findByRole("note")).toHaveTextContent("Your role viewer cannot upload models; that needs the role data scientist, ml engineer or admin; ask an admin.");
  expect(screen.queryByRole("form")).not.toBeInTheDocument();
  expect(screen.queryByRole("button")).not.toBeInTheDocument();
});
