// One asset: pick tags and a range, read the chart, drag to zoom (the server answers with a finer
// bucket), export the same range and tags. Range and tags live in the URL.
import { useParams, useSearchParams } from "react-router-dom";
import { ErrorMessage, Loading, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatDuration } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ExportPanel } from "../components/ExportPanel";
import { HistoryChart } from "../components/HistoryChart";
import { RangePicker } from "../components/RangePicker";

export const AssetPageDocument = graphql(`
  query AssetPage($id: ID!) {
    asset(id: $id) {
      id name site kind description viewerCanExport
      tags { id name unit description }
    }
  }
`);

export const AssetHistoryDocument = graphql(`
  query AssetHistory($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!]) {
    asset(id: $id) {
      id
      history(from: $from, to: $to, tags: $tags) {
        bucketSeconds
        series { ...HistoryChart_Series }
      }
    }
  }
`);

const HOUR = 3600e3;

function readRange(params: URLSearchParams): [Date, Date] {
  const to = params.get("to") ? new Date(params.get("to")!) : new Date(Math.ceil(Date.now() / 60e3) * 60e3);
  const from = params.get("from") ? new Date(params.get("from")!) : new Date(to.getTime() - 24 * HOUR);
  return [from, to];
}

export function AssetView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const page = useQuery(AssetPageDocument, { id });
  const [from, to] = readRange(params);
  const allTags = page.data?.asset.tags.map((t) => t.name) ?? [];
  const chosen = params.get("tags") !== null ? params.get("tags")!.split(",").filter(Boolean) : allTags.slice(0, 2);
  const history = useQuery(
    AssetHistoryDocument,
    { id, from: from.toISOString(), to: to.toISOString(), tags: chosen },
    { skip: !page.data || chosen.length === 0 },
  );
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: false });
  };
  const setRange = (f: Date, t: Date) => update({ from: f.toISOString(), to: t.toISOString() });
  const toggle = (tag: string) => {
    const next = chosen.includes(tag) ? chosen.filter((t) => t !== tag) : [...chosen, tag];
    update({ tags: next.join(",") });
  };
  return (
    <QueryResult state={page} what="Loading the asset">
      {({ asset }) => (
        <>
          <h1>{asset.name}</h1>
          <p className="muted">{[asset.kind, asset.site].filter(Boolean).join(" · ")} — {asset.description}</p>
          <div className="panel stack">
            <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
              <legend className="muted" style={{ padding: 0, marginBottom: 4 }}>Tags</legend>
              {asset.tags.map((t) => (
                <label key={t.id} className="inline">
                  <input type="checkbox" checked={chosen.includes(t.name)} onChange={() => toggle(t.name)} /> {t.name}
                  {t.unit && <span className="muted"> ({t.unit})</span>}
                </label>
              ))}
            </fieldset>
            <RangePicker from={from} to={to} onChange={setRange} />
          </div>
          {chosen.length === 0 ? (
            <div className="state empty">Pick at least one tag to see its history.</div>
          ) : history.error ? (
            <ErrorMessage error={history.error} onRetry={history.refetch} />
          ) : !history.data ? (
            <Loading what="Loading history" />
          ) : (
            <div className="panel" aria-busy={history.loading}>
              <p className="muted" style={{ marginTop: 0 }}>
                Buckets of {formatDuration(history.data.asset.history.bucketSeconds)} · drag across a chart to zoom in
                {history.loading && " · loading…"}
              </p>
              <HistoryChart series={history.data.asset.history.series} from={from} to={to} onZoom={setRange} />
            </div>
          )}
          {asset.viewerCanExport && <ExportPanel assetId={asset.id} from={from} to={to} tags={chosen} />}
        </>
      )}
    </QueryResult>
  );
}
