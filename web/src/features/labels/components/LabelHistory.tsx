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

export function LabelHistory({ labels, currentId }: { labels: LabelHistory_LabelFragment[]; currentId: string | null }) {
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Label history</h2>
      {labels.length === 0 ? (
        <p className="muted">No mask saved yet.</p>
      ) : (
        <ol reversed style={{ margin: 0, paddingLeft: 24 }}>
          {labels.map((l) => (
            <li key={l.id} style={{ marginBottom: 6 }}>
              <strong>v{l.version}</strong> {l.id === currentId && <span className="badge ok">current</span>}{" "}
              by {l.author?.email ?? "a former user"}, {formatTime(l.createdAt)}{" "}
              <a href={l.mask.url}>download</a>
              {l.comment && <div className="muted">“{l.comment}”</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
