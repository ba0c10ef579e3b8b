// One asset: pick tags and a range, read the chart, drag to zoom (the server answers with a finer
// bucket), export the same range and tags. Range (`?from=now-24h&to=now` or ISO times) and tags
// live in the URL, so a reload or a pasted link shows the same view.
import { useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { ZoneToggle } from "../../../components/ChartParts";
import { ErrorMessage, Loading, QueryResult } from "../../../components/States";
import { chartNow, DEFAULT_FROM, DEFAULT_TO, resolveRange } from "../../../components/timeRange";
import { useZoneMode } from "../../../components/timeZone";
import { graphql } from "../../../gql";
import { formatDuration } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ExportPanel } from "../components/ExportPanel";
import { EpisodeList } from "../components/EpisodeList";
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
      events(from: $from, to: $to) { ...HistoryChart_Event }
    }
  }
`);

/** "now" of a relative range, read again when the range in the URL changes or on Refresh. */
function useNow(key: string): [number, () => void] {
  const [state, setState] = useState(() => ({ key, now: chartNow() }));
  if (state.key !== key) setState({ key, now: chartNow() });
  return [state.now, () => setState({ key, now: chartNow() })];
}

export function AssetView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const page = useQuery(AssetPageDocument, { id });
  const { zone } = useZoneMode();
  const fromText = params.get("from") ?? DEFAULT_FROM;
  const toText = params.get("to") ?? DEFAULT_TO;
  const [now, refresh] = useNow(`${fromText}/${toText}`);
  const range = resolveRange(fromText, toText, now, zone);
  const allTags = page.data?.asset.tags.map((t) => t.name) ?? [];
  const chosen = params.get("tags") !== null ? params.get("tags")!.split(",").filter(Boolean) : allTags.slice(0, 2);
  const history = useQuery(
    AssetHistoryDocument,
    { id, from: new Date(range.from ?? 0).toISOString(), to: new Date(range.to ?? 0).toISOString(), tags: chosen },
    { skip: !page.data || chosen.length === 0 || range.error !== undefined },
  );
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: false });
  };
  const setRange = (f: string, t: string) => update({ from: f, to: t });
  const zoomTo = (f: Date, t: Date) => setRange(f.toISOString(), t.toISOString());
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
            <RangePicker fromText={fromText} toText={toText} from={range.from} to={range.to} zone={zone}
              onChange={setRange} onRefresh={refresh} />
            <ZoneToggle at={range.to ?? now} />
          </div>
          {range.error !== undefined ? (
            <p className="state error" role="alert">{range.error}</p>
          ) : chosen.length === 0 ? (
            <div className="state empty">Pick at least one tag to see its history.</div>
          ) : history.error ? (
            <ErrorMessage error={history.error} onRetry={history.refetch} />
          ) : !history.data ? (
            <Loading what="Loading history" />
          ) : (
            <div className="panel" aria-busy={history.loading}>
              <p className="muted" style={{ marginTop: 0 }}>
                Buckets of {formatDuration(history.data.asset.history.bucketSeconds)}, each drawn as its min–max band and
                average · drag across a chart to zoom in
                {history.data.asset.events.length > 0 && " · shaded: failure episodes"}
                {history.loading && " · loading…"}
              </p>
              <HistoryChart series={history.data.asset.history.series} from={new Date(range.from)} to={new Date(range.to)}
                zone={zone} episodes={history.data.asset.events} onZoom={zoomTo} />
              <EpisodeList episodes={history.data.asset.events} zone={zone} onZoom={zoomTo} />
            </div>
          )}
          {asset.viewerCanExport && range.error === undefined && (
            <ExportPanel assetId={asset.id} from={new Date(range.from)} to={new Date(range.to)} tags={chosen} zone={zone} />
          )}
        </>
      )}
    </QueryResult>
  );
}
