import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { LineagePanel, saving, VersionDossierDocument, VersionLineageDocument } from "./LineagePanel";

import type { LineageKindName } from "./lineageLayout";

function lineage(trained: boolean) {
  const nodes: { id: string; kind: LineageKindName; label: string; detail: string; href: string }[] = [
    { id: "V1", kind: "VERSION", label: "churn v3", detail: "VALIDATED, sha256 abc…", href: "/models/versions/V1" },
    { id: "D1", kind: "DEPLOYMENT", label: "Staging (direct)", detail: "LIVE", href: "/deployments/D1" },
  ];
  const edges = [{ source: "V1", target: "D1" }];
  if (trained) {
    nodes.push(
      { id: "A1", kind: "ASSET", label: "P-101", detail: "asset", href: "/assets/A1" },
      { id: "E1", kind: "EXPORT", label: "Export 2026-12-01", detail: "3,600 rows", href: "/exports" },
    );
    edges.push({ source: "A1", target: "E1" }, { source: "E1", target: "V1" });
  }
  return { modelVersion: { id: "V1", version: 3, model: { id: "M1", name: "churn" }, lineage: { nodes, edges } } };
}

test("draws each node as a link to its page and says when no training data was recorded", async () => {
  const s = new TestServer().on(VersionLineageDocument, () => lineage(false));
  renderWithServer(<LineagePanel versionId="V1" isAdmin={false} />, s);
  expect(await screen.findByText(/No training data recorded/)).toBeInTheDocument();
  expect(screen.getByRole("link", { name: /^Deployment: Staging/ })).toHaveAttribute("href", "/deployments/D1");
  // The version itself is not a link to the page it is on, and viewers get no dossier button.
  expect(screen.queryByRole("link", { name: /This version/ })).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /dossier/ })).not.toBeInTheDocument();
});

test("an admin saves the signed dossier and is told how to check it; a refusal is shown as the server says", async () => {
  const saved: [string, string][] = [];
  saving.save = (name, text) => void saved.push([name, text]);
  const s = new TestServer()
    .on(VersionLineageDocument, () => lineage(true))
    .on(VersionDossierDocument, () => ({
      versionDossier: { digest: "d".repeat(64), document: { content: { format: "slipway-dossier/1" } } },
    }));
  renderWithServer(<LineagePanel versionId="V1" isAdmin />, s);
  await userEvent.click(await screen.findByRole("button", { name: "Download the signed dossier" }));
  await waitFor(() => expect(saved).toHaveLength(1));
  expect(saved[0]![0]).toBe("churn-v3-dossier.json");
  expect(JSON.parse(saved[0]![1])).toEqual({ content: { format: "slipway-dossier/1" } });
  expect(screen.getByText(/^Saved churn-v3-dossier.json/)).toHaveTextContent("verify_dossier.py churn-v3-dossier.json");
  s.fail(VersionDossierDocument, "Your role `ml_engineer` may not read audit log; ask an admin.", "FORBIDDEN");
  await userEvent.click(screen.getByRole("button", { name: "Download the signed dossier" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(/audit log/);
});
