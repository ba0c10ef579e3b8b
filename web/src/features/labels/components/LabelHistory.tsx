// Every saved mask version, newest first, with who saved it and when; any older one can be opened
// read-only (and restored from there).
import { graphql } from "../../../gql";
import type { LabelHistory_LabelFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";

graphql(`
  fragment LabelHistory_Label on Label {
    id
    version
    comment
    createdAt
    author { id email }
    mask { url filename }
  }
`);

export function LabelHistory({ labels, currentId, viewingId, onView }: {
  labels: LabelHistory_LabelFragment[];
  currentId: string | null;
  /** The version open read-only now, if any. */
  viewingId: string | null;
  onView: (label: LabelHistory_LabelFragment | null) => void;
}) {
  return (
    <section className="panel" aria-labelledby="label-history">
      <h2 id="label-history" style={{ marginTop: 0 }}>Label history</h2>
      {labels.length === 0 ? (
        <p className="muted">No mask saved yet.</p>
      ) : (
        <ol reversed className="history">
          {labels.map((l) => {
            const current = l.id === currentId;
            const viewing = l.id === viewingId;
            return (
              <li key={l.id} aria-current={viewing ? "true" : undefined}>
                <strong>v{l.version}</strong> {current && <span className="badge ok">current</span>}{" "}
                {viewing && <span className="badge">open read-only</span>}{" "}
                by {l.author?.email ?? "a former user"}, {formatTime(l.createdAt)}{" "}
                {current ? (
                  viewingId && <button type="button" className="link" onClick={() => onView(null)}>Back to the current mask</button>
                ) : (
                  !viewing && <button type="button" className="link" onClick={() => onView(l)}>View v{l.version}</button>
                )}{" "}
                <a href={l.mask.url} download={l.mask.filename}>download</a>
                {l.comment && <div className="muted">“{l.comment}”</div>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
