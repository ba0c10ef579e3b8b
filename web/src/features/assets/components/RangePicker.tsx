// Presets ("Last 24 hours" is `now-24h` in the URL, so a reload moves with the clock), explicit
// From/To in the chart's timezone, keyboard-usable zoom buttons next to the chart's drag-to-zoom.
// An empty or inverted range is refused here, with both ends written in the reader's timezone.
import { useState, type FormEvent } from "react";
import { checkRange, relativeName } from "../../../components/timeRange";
import { formatInstant, fromWallInput, toWallInput, type Zone } from "../../../components/timeZone";

const PRESETS: [string, string][] = [["6 h", "now-6h"], ["24 h", "now-24h"], ["3 days", "now-3d"], ["7 days", "now-7d"]];

export function RangePicker({ fromText, toText, from, to, zone, onChange, onRefresh }: {
  /** The range as the URL says it (`now-24h`, an ISO time …). */
  fromText: string;
  toText: string;
  /** Resolved; undefined when the URL's range is unreadable or empty (the view says why). */
  from?: number;
  to?: number;
  zone: Zone;
  onChange: (from: string, to: string) => void;
  /** Re-reads "now" of a relative range. */
  onRefresh: () => void;
}) {
  const inputs = { from: from === undefined ? "" : toWallInput(from, zone), to: to === undefined ? "" : toWallInput(to, zone) };
  const [draft, setDraft] = useState(inputs);
  const [error, setError] = useState<string | null>(null);
  // A new range from above (zoom, a preset, the URL, the timezone toggle) replaces what was typed.
  const shown = `${inputs.from}/${inputs.to}`;
  const [seen, setSeen] = useState(shown);
  if (seen !== shown) {
    setSeen(shown);
    setDraft(inputs);
    setError(null);
  }
  const iso = (t: number) => new Date(t).toISOString();
  const zoom = (factor: number) => {
    if (from === undefined || to === undefined) return;
    const mid = (from + to) / 2;
    const half = ((to - from) * factor) / 2;
    onChange(iso(Math.round(mid - half)), iso(Math.round(mid + half)));
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkRange(fromWallInput(draft.from, zone), fromWallInput(draft.to, zone), zone);
    if (checked.error !== undefined) {
      setError(checked.error);
      return;
    }
    setError(null);
    onChange(iso(checked.from), iso(checked.to));
  };
  const relative = relativeName(fromText, toText);
  return (
    <div className="stack" style={{ gap: 8 }}>
      <form className="row" onSubmit={apply} aria-label="Time range" noValidate>
        <div className="row" style={{ gap: 6 }} role="group" aria-label="Last">
          {PRESETS.map(([label, text]) => (
            <button key={label} type="button" className={fromText === text && toText === "now" ? "" : "secondary"}
              aria-pressed={fromText === text && toText === "now"} onClick={() => (fromText === text && toText === "now" ? onRefresh() : onChange(text, "now"))}>
              Last {label}
            </button>
          ))}
        </div>
        <label>
          From
          <input type="datetime-local" value={draft.from} aria-invalid={error !== null}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="datetime-local" value={draft.to} aria-invalid={error !== null}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit">Show</button>
        <button type="button" className="secondary" onClick={() => zoom(0.5)} aria-label="Zoom in">+</button>
        <button type="button" className="secondary" onClick={() => zoom(2)} aria-label="Zoom out">−</button>
      </form>
      {error && <p className="state error" role="alert" style={{ margin: 0 }}>{error}</p>}
      {from !== undefined && to !== undefined && (
        <p className="muted" style={{ margin: 0 }} data-testid="range-summary">
          {relative ? `${relative} · ` : ""}{formatInstant(from, zone)} → {formatInstant(to, zone)}
          {relative && (
            <> · <button type="button" className="secondary" onClick={onRefresh}>Refresh</button></>
          )}
        </p>
      )}
    </div>
  );
}
