import { graphql } from "../../../gql";
import type { ModelCardView_CardFragment } from "../../../gql/graphql";
import { formatBytes, formatCount, formatMs } from "../../../lib/format";

graphql(`
  fragment ModelCardView_Card on ModelCard {
    inputs { name dtype shape }
    outputs { name dtype shape }
    opsets { domain version }
    producer
    irVersion
    parameterCount
    sizeBytes
    sha256
    latencyP50Ms
    latencyP95Ms
    intendedUse
    trainingData
    metrics
    limitations
    revision
  }
`);

function Tensors({ list }: { list: ModelCardView_CardFragment["inputs"] }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {list.map((t) => (
        <div key={t.name}><code>{t.name}</code> {t.dtype} [{t.shape.join(" × ")}]</div>
      ))}
    </>
  );
}

export function ModelCardView({ card, approved = false }: { card: ModelCardView_CardFragment; approved?: boolean }) {
  const metrics = card.metrics && typeof card.metrics === "object" ? Object.entries(card.metrics as Record<string, unknown>) : [];
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Model card <span className="muted" style={{ fontSize: "0.7em" }}>revision {card.revision}</span></h2>
      {approved && (
        <p role="note" className="muted" style={{ marginTop: 0 }}>
          Approved card: read-only. It is the record of what the approvers reviewed.
        </p>
      )}
      <dl className="facts">
        <dt>Inputs</dt><dd><Tensors list={card.inputs} /></dd>
        <dt>Outputs</dt><dd><Tensors list={card.outputs} /></dd>
        <dt>Opsets</dt><dd>{card.opsets.map((o) => `${o.domain || "ai.onnx"} ${o.version}`).join(", ") || "—"}</dd>
        <dt>Producer</dt><dd>{card.producer ?? "—"}{card.irVersion != null && ` · IR ${card.irVersion}`}</dd>
        <dt>Parameters</dt><dd>{formatCount(card.parameterCount)}</dd>
        <dt>Size</dt><dd>{formatBytes(card.sizeBytes)}</dd>
        <dt>Latency</dt><dd>P50 {formatMs(card.latencyP50Ms, 2)} · P95 {formatMs(card.latencyP95Ms, 2)}</dd>
        <dt>SHA-256</dt><dd><code>{card.sha256}</code></dd>
        <dt>Intended use</dt><dd>{card.intendedUse || <span className="muted">not written yet</span>}</dd>
        <dt>Training data</dt><dd>{card.trainingData || <span className="muted">not written yet</span>}</dd>
        <dt>Metrics</dt>
        <dd>{metrics.length ? metrics.map(([k, v]) => <span key={k}>{k} <code>{String(v)}</code> </span>) : <span className="muted">none</span>}</dd>
        <dt>Limitations</dt><dd>{card.limitations || <span className="muted">not written yet</span>}</dd>
      </dl>
    </div>
  );
}
