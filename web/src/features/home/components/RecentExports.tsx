// Whoever exports history: their latest exports and how each stands; downloads live on My exports,
// where each link is signed when it is clicked.
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import { formatCount } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { age, Block } from "./Block";

export const OverviewExportsDocument = graphql(`
  query OverviewExports {
    myExports(first: 5) { edges { node { id status progress rowCount createdAt asset { id name } } } }
  }
`);

const TONE: Record<string, string> = { SUCCEEDED: "ok", FAILED: "bad" };

export function RecentExports() {
  const state = useQuery(OverviewExportsDocument);
  return (
    <Block title="Recent exports" to="/exports" linkText="My exports" state={state}
      isEmpty={(d) => d.myExports.edges.length === 0}
      empty={<>No exports yet. Open an asset from <Link to="/assets">Assets</Link>, pick a time range and export its history as CSV.</>}>
      {(d) => (
        <ul className="overview-list">
          {d.myExports.edges.map(({ node: x }) => (
            <li key={x.id}>
              <Link to={`/assets/${encodeURIComponent(x.asset.id)}`}>{x.asset.name}</Link>{" "}
              <span className={`badge ${TONE[x.status] ?? "busy"}`}>{x.status}</span>
              <span className="muted">
                {x.status === "RUNNING" && ` · ${Math.round(x.progress * 100)}%`}
                {x.rowCount != null && ` · ${formatCount(x.rowCount)} rows`} · {age(x.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Block>
  );
}
