// How an environment's requests are split between the version rolling out and the one it replaces.
export interface TrafficShare {
  label: string;
  percent: number;
}

export function TrafficBar({ shares, label = "Traffic split" }: { shares: TrafficShare[]; label?: string }) {
  const shown = shares.filter((s) => s.percent > 0);
  const text = shown.length ? shown.map((s) => `${s.label} ${s.percent}%`).join(", ") : "no traffic";
  return (
    <div className="traffic" role="img" aria-label={`${label}: ${text}`}>
      <div className="traffic-bar">
        {shown.map((s, i) => (
          <div key={s.label} className={`traffic-share t${i}`} style={{ width: `${s.percent}%` }} />
        ))}
      </div>
      <div className="traffic-legend muted" aria-hidden="true">
        {shown.length === 0 ? "no traffic" : shown.map((s, i) => (
          <span key={s.label}><i className={`swatch t${i}`} /> {s.label} {s.percent}%</span>
        ))}
      </div>
    </div>
  );
}
