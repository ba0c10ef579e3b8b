// The labels of a case with their names and colours, as the mask draws them. For an editor it is also
// where the brush's label is picked (keys 1–9 pick by position).
import { graphql } from "../../../gql";
import type { Legend_LabelClassFragment } from "../../../gql/graphql";

graphql(`
  fragment Legend_LabelClass on LabelClass { value name color }
`);

export function labelName(c: Legend_LabelClassFragment): string {
  return c.name ?? (c.value === 0 ? "background" : `label ${c.value}`);
}

/** The labels a brush paints: every class except background (0). */
export function paintable(classes: Legend_LabelClassFragment[]): Legend_LabelClassFragment[] {
  return classes.filter((c) => c.value !== 0);
}

export function Legend({ classes, value, onPick, disabled }: {
  classes: Legend_LabelClassFragment[];
  /** The brush's label; null when the legend only explains the colours. */
  value: number | null;
  onPick?: (value: number) => void;
  disabled?: boolean;
}) {
  const shown = paintable(classes);
  if (value === null || !onPick) {
    return (
      <ul className="legend" aria-label="Labels">
        {shown.map((c) => (
          <li key={c.value}><Swatch color={c.color} /> {labelName(c)} <span className="muted">({c.value})</span></li>
        ))}
      </ul>
    );
  }
  return (
    <fieldset className="legend" disabled={disabled}>
      <legend className="sr-only">Label to paint</legend>
      {shown.map((c, i) => (
        <label key={c.value} className="inline" title={i < 9 ? `Key ${i + 1}` : undefined}>
          <input type="radio" name="paint-label" checked={value === c.value} onChange={() => onPick(c.value)} />
          <Swatch color={c.color} /> {labelName(c)} <span className="muted">({c.value})</span>
        </label>
      ))}
    </fieldset>
  );
}

function Swatch({ color }: { color: string | null }) {
  return <span className="swatch" aria-hidden="true" style={{ background: color ?? "transparent" }} />;
}
