// Labelers (and whoever may label): the open cases assigned to them, those in review after.
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { age, Block } from "./Block";

export const OverviewCasesDocument = graphql(`
  query OverviewCases($me: ID!) {
    open: cases(assigneeId: $me, status: OPEN, first: 10) { edges { node { id title status updatedAt } } pageInfo { hasNextPage } }
    review: cases(assigneeId: $me, status: IN_REVIEW, first: 10) { edges { node { id title status updatedAt } } }
  }
`);

export function MyCases({ viewerId }: { viewerId: string }) {
  const state = useQuery(OverviewCasesDocument, { me: viewerId });
  return (
    <Block title="Cases assigned to me" to="/labeling" linkText="Labeling" state={state}
      isEmpty={(d) => d.open.edges.length === 0 && d.review.edges.length === 0}
      empty={<>No cases are assigned to you. Open <Link to="/labeling">Labeling</Link> to pick an unassigned case, or ask an engineer to assign you one.</>}>
      {(d) => (
        <>
          <ul className="overview-list">
            {[...d.open.edges, ...d.review.edges].map(({ node: c }) => (
              <li key={c.id}>
                <Link to={`/labeling/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link>{" "}
                <span className={`badge ${c.status === "OPEN" ? "busy" : ""}`}>{c.status.replace("_", " ")}</span>
                <span className="muted"> · changed {age(c.updatedAt)}</span>
              </li>
            ))}
          </ul>
          {d.open.pageInfo.hasNextPage && <p><Link to="/labeling">More open cases on Labeling</Link></p>}
        </>
      )}
    </Block>
  );
}
