import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { navigation } from "../../../components/FreshDownload";
import { renderWithServer, TestServer } from "../../../test/server";
import { ExportDownloadDocument, ExportsView, ExportsViewerDocument, MyExportsDocument } from "./ExportsView";

const done = {
  id: "E1", status: "SUCCEEDED" as const, progress: 1, rowCount: 10, sizeBytes: 2048, error: null,
  downloadUrl: "https://s3/e1.csv?X-Amz-Expires=300&sig=old",
  from: "2026-11-23T00:00:00Z", to: "2026-11-24T00:00:00Z", createdAt: "2026-11-24T00:00:00Z",
  asset: { id: "A1", name: "P-101" }, tags: [{ name: "flow" }],
};

function server(canExport = true) {
  let n = 0;
  return new TestServer()
    .on(ExportsViewerDocument, () => ({ me: { id: "U1", role: canExport ? ("DATA_SCIENTIST" as const) : ("VIEWER" as const), canExportHistory: canExport } }))
    .on(MyExportsDocument, () => ({ myExports: { edges: [{ node: done }], pageInfo: { hasNextPage: false, endCursor: null } } }))
    .on(ExportDownloadDocument, () => ({ historyExport: { id: "E1", downloadUrl: `https://s3/e1.csv?sig=fresh${++n}` } }));
}

test("Download CSV asks for a freshly signed link on each click instead of the one the page loaded with", async () => {
  const s = server();
  const assign = vi.spyOn(navigation, "assign").mockImplementation(() => {});
  renderWithServer(<ExportsView />, s, { route: "/exports" });
  const button = await screen.findByRole("button", { name: "Download CSV" });
  expect(screen.queryByRole("link", { name: "Download CSV" })).not.toBeInTheDocument(); // no link that expires
  await userEvent.click(button);
  await waitFor(() => expect(assign).toHaveBeenLastCalledWith("https://s3/e1.csv?sig=fresh1"));
  await userEvent.click(button);
  await waitFor(() => expect(assign).toHaveBeenLastCalledWith("https://s3/e1.csv?sig=fresh2"));
  expect(s.called("ExportDownload")).toHaveLength(2);
  assign.mockRestore();
});

test("a refused download says the server's sentence and goes nowhere", async () => {
  const s = server().fail(ExportDownloadDocument, "No export with this id.", "NOT_FOUND");
  const assign = vi.spyOn(navigation, "assign").mockImplementation(() => {});
  renderWithServer(<ExportsView />, s, { route: "/exports" });
  await userEvent.click(await screen.findByRole("button", { name: "Download CSV" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("NOT_FOUND: No export with this id.");
  expect(assign).not.toHaveBeenCalled();
  assign.mockRestore();
});

test("a viewer's deep link says their role cannot export, with no retry", async () => {
  const s = server(false);
  renderWithServer(<ExportsView />, s, { route: "/exports" });
  expect(await screen.findByRole("note")).toHaveTextContent("Your role viewer cannot export asset history; that needs the role data scientist, ml engineer or admin; ask an admin.");
  expect(screen.queryByRole("button")).not.toBeInTheDocument();
  expect(s.called("MyExports")).toHaveLength(0);
});

test("the status filter asks the server, starts from the first page and stays in the URL", async () => {
  const s = server().on(MyExportsDocument, (v) => ({
    myExports: v.status === "FAILED"
      ? { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }
      : { edges: [{ node: done }], pageInfo: { hasNextPage: false, endCursor: null } },
  }));
  renderWithServer(<ExportsView />, s, { route: "/exports" });
  expect(await screen.findByRole("table", { name: "Your history exports, newest first" })).toBeInTheDocument();
  await userEvent.selectOptions(screen.getByLabelText("Status"), "FAILED");
  expect(await screen.findByText("No export in this status.")).toBeInTheDocument();
  expect(s.called("MyExports").at(-1)?.variables).toEqual({ status: "FAILED", after: null });
  expect(screen.getByTestId("location")).toHaveTextContent("/exports?status=FAILED");
});
