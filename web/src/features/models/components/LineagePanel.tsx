// What the version was trained on and where it went since (`ModelVersion.lineage`), drawn as a graph whose
// nodes link to their pages; admins download the signed dossier an auditor verifies offline.
import { useNavigate } from "react-router-dom";
import { graphql } from "../../../gql";
import { useClient, useQuery } from "../../../lib/hooks";
import { QueryResult } from "../../../components/States";
import { BOX, edgePath, layout, type LineageKindName } from "./lineageLayout";
import { useState } from "react";
import { asFailure, type GraphQLFailure } from "../../../lib/graphql";

export const VersionLineageDocument = graphql(`
  query VersionLineage($id: ID!) {
    modelVersion(id: $id) {
      id
      version
      model { id name }
      lineage {
        nodes { id kind label detail href }
        edges { source target }
      }
    }
  }
`);

export const VersionDossierDocument = graphql(`
  query VersionDossier($id: ID!) {
    versionDossier(versionId: $id) { digest document }
  }
`);

const KIND: Record<LineageKindName, string> = {
  ASSET: "Asset", EXPORT: "Export", LABEL_SET: "Label set", VERSION: "This version",
  DEPLOYMENT: "Deployment", SCORING_RUN: "Scoring run",
};

/** Where the browser saves a file; tests replace it (jsdom cannot download). */
export const saving = {
  save(name: string, text: string) {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: name });
    a.click();
    URL.revokeObjectURL(url);
  },
};

export function LineagePanel({ versionId, isAdmin }: { versionId: string; isAdmin: boolean }) {
  const state = useQuery(VersionLineageDocument, { id: versionId });
  const navigate = useNavigate();
  return (
    <section className="panel stack" aria-labelledby="lineage-heading">
      <h2 id="lineage-heading" style={{ margin: 0 }}>Lineage</h2>
      <QueryResult state={state} what="Loading the lineage">
        {({ modelVersion: v }) => {
          const nodes = v.lineage.nodes;
          const trained = nodes.some((n) => n.kind === "EXPORT" || n.kind === "LABEL_SET");
          const { placed, width, height } = layout(nodes);
          return (
            <>
              {!trained && (
                <p className="muted" style={{ margin: 0 }}>
                  No training data recorded. Name the exports and label sets the version learned from with
                  {" "}<code>trainedOn</code> at upload or <code>setTrainingData</code> before submitting it.
                </p>
              )}
              <div style={{ overflowX: "auto" }}>
                <svg role="group" aria-label={`Lineage of ${v.model.name} v${v.version}`} width={width} height={height}
                  viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: "none", display: "block" }}>
                  {v.lineage.edges.map((e) => {
                    const from = placed.get(e.source), to = placed.get(e.target);
                    return from && to ? (
                      <path key={`${e.source}-${e.target}`} d={edgePath(from, to)} fill="none" stroke="var(--muted, #6e7781)"
                        strokeWidth={1.5} markerEnd="url(#lineage-arrow)" />
                    ) : null;
                  })}
                  <defs>
                    <marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                      <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--muted, #6e7781)" />
                    </marker>
                  </defs>
                  {[...placed.values()].map(({ node, x, y }) => {
                    const current = node.kind === "VERSION";
                    const box = (
                      <g transform={`translate(${x} ${y})`} data-kind={node.kind}>
                        <rect width={BOX.width} height={BOX.height} rx={6}
                          fill={current ? "var(--accent-bg, #ddf4ff)" : "var(--panel, #fff)"}
                          stroke={current ? "var(--accent, #0969da)" : "var(--border, #d0d7de)"} />
                        <text x={8} y={16} fontSize={11} fill="var(--muted, #6e7781)">{KIND[node.kind]}</text>
                        <text x={8} y={31} fontSize={12} fontWeight={600}>{clip(node.label, 28)}</text>
                        <text x={8} y={45} fontSize={11} fill="var(--muted, #6e7781)">{clip(node.detail, 32)}</text>
                        <title>{`${KIND[node.kind]}: ${node.label} — ${node.detail}`}</title>
                      </g>
                    );
                    return node.href && !current ? (
                      <a key={node.id} href={node.href} aria-label={`${KIND[node.kind]}: ${node.label}, ${node.detail}`}
                        onClick={(event) => { event.preventDefault(); navigate(node.href!); }}>
                        {box}
                      </a>
                    ) : (
                      <g key={node.id} aria-label={`${KIND[node.kind]}: ${node.label}, ${node.detail}`}>{box}</g>
                    );
                  })}
                </svg>
              </div>
              {isAdmin && <DossierButton versionId={v.id} fileName={`${v.model.name}-v${v.version}-dossier.json`} />}
            </>
          );
        }}
      </QueryResult>
    </section>
  );
}

function DossierButton({ versionId, fileName }: { versionId: string; fileName: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphQLFailure>();
  const [digest, setDigest] = useState<string>();
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const found = (await client.request(VersionDossierDocument, { id: versionId })).versionDossier;
      saving.save(fileName, JSON.stringify(found.document, null, 2));
      setDigest(found.digest);
    } catch (e) {
      setError(asFailure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack" style={{ gap: 4, alignItems: "flex-start" }}>
      <button type="button" className="secondary" onClick={() => void go()} aria-disabled={busy}>
        {busy ? "Preparing the dossier…" : "Download the signed dossier"}
      </button>
      {digest && (
        <span className="muted" role="status">
          Saved {fileName} (sha256 of its content {digest.slice(0, 16)}…). Check it with
          {" "}<code>python examples/verify_dossier.py {fileName} --jwks jwks.json</code>.
        </span>
      )}
      {error && <span className="field-error" role="alert">{error.message}</span>}
    </div>
  );
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
