import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect, useState } from "react";
import { Link, Route, Routes } from "react-router-dom";
import { renderWithServer, TestServer } from "../test/server";
import { titleFor } from "./pageHeading";
import { Shell, ShellDocument } from "./Shell";

const viewer = {
  me: { id: "U1", email: "someone@demo", role: "ADMIN" as const, tenant: { name: "Demo" }, canManageUsers: true, canReadAuditLog: true,
    canDecideApprovals: true, canExportHistory: true, canReadHistory: true, canReadModels: true, canManageWebhooks: true },
};

function Late() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setReady(true), 300);
    return () => clearTimeout(t);
  }, []);
  return ready ? <h1>Gamma   loaded</h1> : <p>Loading…</p>;
}

function Pages() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route path="/a" element={<><h1>Alpha</h1><Link to="/b">to beta</Link><input aria-label="filter" /></>} />
        <Route path="/b" element={<><h1>Beta</h1><Link to="/c">to gamma</Link><Link to="/b?x=1">same page, new filter</Link></>} />
        <Route path="/c" element={<Late />} />
      </Route>
    </Routes>
  );
}

test("the title follows the page's heading, and a navigation moves the focus to the new heading", async () => {
  renderWithServer(<Pages />, new TestServer().on(ShellDocument, () => viewer), { route: "/a" });
  expect(await screen.findByRole("heading", { name: "Alpha" })).toBeInTheDocument();
  await waitFor(() => expect(document.title).toBe("Alpha · Slipway"));
  expect(screen.getByRole("heading", { name: "Alpha" })).not.toHaveFocus(); // the first page is the browser's to announce
  await userEvent.click(screen.getByRole("link", { name: "to beta" }));
  const beta = await screen.findByRole("heading", { name: "Beta" });
  await waitFor(() => expect(beta).toHaveFocus());
  expect(document.title).toBe("Beta · Slipway");
  // A new query string on the same page (a filter) leaves the focus where the reader is.
  const same = screen.getByRole("link", { name: "same page, new filter" });
  same.focus();
  await userEvent.click(same);
  expect(same).toHaveFocus();
  // A heading that comes after the data still takes the focus, and its title, once it is there.
  await userEvent.click(screen.getByRole("link", { name: "to gamma" }));
  await waitFor(() => expect(document.title).toBe("Slipway"));
  const gamma = await screen.findByRole("heading", { name: /Gamma/ });
  await waitFor(() => expect(gamma).toHaveFocus());
  expect(document.title).toBe("Gamma loaded · Slipway");
});

test("titles read well without a heading", () => {
  expect(titleFor(undefined)).toBe("Slipway");
  expect(titleFor("  Models \n")).toBe("Models · Slipway");
});
