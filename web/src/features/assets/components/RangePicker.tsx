// Presets, explicit from/to, and keyboard-usable zoom buttons next to the chart's drag-to-zoom.
import { useState, type FormEvent } from "react";

const PRESETS: [string, number][] = [["6 h", 6], ["24 h", 24], ["3 days", 72], ["7 days", 168]];

function toLocalInput(d: Date): string {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60e3);
  return local.toISOString().slice(0, 16);
}

/** The last `hours` up to the next whole minute. */
function lastHours(hours: number): [Date, Date] {
  const end = new Date(Math.ceil(Date.now() / 60e3) * 60e3);
  return [new Date(end.getTime() - hours * 3600e3), end];
}

export function RangePicker({ from, to, onChange }: { from: Date; to: Date; onChange: (from: Date, to: Date) => void }) {
  const [draft, setDraft] = useState({ from: toLocalInput(from), to: toLocalInput(to) });
  // A new range from above (zoom, a preset, the URL) replaces what was typed.
  const range = `${from.getTime()}/${to.getTime()}`;
  const [shown, setShown] = useState(range);
  if (shown !== range) {
    setShown(range);
    setDraft({ from: toLocalInput(from), to: toLocalInput(to) });
  }
  const span = to.getTime() - from.getTime();
  const mid = from.getTime() + span / 2;
  const zoom = (factor: number) => onChange(new Date(mid - (span * factor) / 2), new Date(mid + (span * factor) / 2));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    onChange(new Date(draft.from), new Date(draft.to));
  };
  const last = (hours: number) => onChange(...lastHours(hours));
  return (
    <form className="row" onSubmit={apply} aria-label="Time range">
      <div className="row" style={{ gap: 6 }} role="group" aria-label="Last">
        {PRESETS.map(([label, hours]) => (
          <button key={label} type="button" className="secondary" onClick={() => last(hours)}>Last {label}</button>
        ))}
      </div>
      <label>
        From
        <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </label>
      <label>
        To
        <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </label>
      <button type="submit">Show</button>
      <button type="button" className="secondary" onClick={() => zoom(0.5)} aria-label="Zoom in">+</button>
      <button type="button" className="secondary" onClick={() => zoom(2)} aria-label="Zoom out">−</button>
    </form>
  );
}
