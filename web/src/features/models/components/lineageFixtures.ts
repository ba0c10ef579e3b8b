// The lineage panel's answer for tests of pages that show it but are about something else.
import type { TestServer } from "../../../test/server";
import { VersionLineageDocument } from "./LineagePanel";

/** `server`, also answering the lineage panel: the version alone, no training data recorded. */
export function withLineage(server: TestServer): TestServer {
  return server.on(VersionLineageDocument, ({ id }) => ({
    modelVersion: {
      id, version: 1, model: { id: "M1", name: "model" },
      lineage: { nodes: [{ id, kind: "VERSION" as const, label: "model v1", detail: "VALIDATED", href: null }], edges: [] },
    },
  }));
}
