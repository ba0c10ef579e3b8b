// The failure episodes shaded on the charts, as a list a keyboard can reach: each names its span
// in the chart's timezone and zooms the charts to it (with a margin either side for context).
import { formatInstant, type Zone } from "../../../components/timeZone";
import type { HistoryChart_EventFragment } from "../../../gql/graphql";

export function EpisodeList({ episodes, zone, onZoom }: {
  episodes: HistoryChart_EventFragment[];
  zone: Zone;
  onZoom: (from: Date, to: Date) => void;
}) {
  if (episodes.length === 0) return null;
  return (
    <details className="episodes">
      <summary>{episodes.length} failure episode{episodes.length === 1 ? "" : "s"} in this range</summary>
      <ul>
        {episodes.map((e) => {
          const [a, b] = [Date.parse(e.startsAt), Date.parse(e.endsAt)];
          const margin = Math.max(60e3, (b - a) / 2);
          return (
            <li key={e.id}>
              <strong>{e.label}</strong> <span className="muted">({e.kind}{e.tag ? `, mostly on ${e.tag.name}` : ""})</span>{" "}
              {formatInstant(a, zone)} → {formatInstant(b, zone)}{" "}
              <button type="button" className="secondary" onClick={() => onZoom(new Date(a - margin), new Date(b + margin))}
                aria-label={`Zoom to ${e.label} at ${formatInstant(a, zone)}`}>
                Zoom to it
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
