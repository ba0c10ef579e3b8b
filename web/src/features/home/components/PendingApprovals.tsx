// Admins: the versions waiting for their decision, oldest first. Their own submissions are listed
// apart with the four-eyes reason, since the server will not let them decide those.
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { FOUR_EYES } from "../../models/components/DecisionPanel";
import { age, Block } from "./Block";

/** How many waiting versions the block lists; the Approvals page has the whole queue. */
export const SHOWN = 5;

export const OverviewApprovalsDocument = graphql(`
  query OverviewApprovals {
    approvalRequests(status: PENDING, first: 50) {
      edges {
        node {
          id createdAt submittedBy { id email }
          version { id version model { id name } card { viewerCanApprove } }
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

export function PendingApprovals({ viewerId }: { viewerId: string }) {
  const state = useQuery(OverviewApprovalsDocument);
  return (
    <Block title="Waiting for your decision" to="/approvals" linkText="Approvals queue" state={state}
      isEmpty={(d) => d.approvalRequests.edges.length === 0}
      empty={<>Nothing waits for a decision. When someone submits a validated version it appears here and in the <Link to="/approvals">Approvals queue</Link>.</>}>
      {(d) => {
        const requests = d.approvalRequests.edges.map((e) => e.node);
        // The server says which ones this admin may decide; their own are the rest, with the reason.
        const decidable = requests.filter((r) => r.version.card.viewerCanApprove);
        const own = requests.filter((r) => !r.version.card.viewerCanApprove && r.submittedBy.id === viewerId);
        const more = decidable.length - SHOWN;
        return (
          <>
            {decidable.length === 0 ? (
              <p className="muted">None you may decide: every pending version was submitted by you.</p>
            ) : (
              <>
                <p className="overview-count"><strong>{decidable.length}{d.approvalRequests.pageInfo.hasNextPage && "+"}</strong> waiting, oldest first</p>
                <ul className="overview-list">
                  {decidable.slice(0, SHOWN).map((r) => (
                    <li key={r.id}>
                      <Link to={`/models/versions/${encodeURIComponent(r.version.id)}`}
                        aria-label={`Decide on ${r.version.model.name} v${r.version.version}`}>
                        {r.version.model.name} v{r.version.version}
                      </Link>
                      <span className="muted"> · from {r.submittedBy.email} · {age(r.createdAt)}</span>
                    </li>
                  ))}
                </ul>
                {more > 0 && <p><Link to="/approvals">{more} more in the queue</Link></p>}
              </>
            )}
            {own.length > 0 && (
              <div className="overview-own">
                <h3>Your own submissions</h3>
                <p role="note" className="muted">
                  {own.length === 1 ? FOUR_EYES : "You submitted these versions yourself; another admin must decide on them (four-eyes rule)."}
                </p>
                <ul className="overview-list">
                  {own.map((r) => (
                    <li key={r.id}>
                      <Link to={`/models/versions/${encodeURIComponent(r.version.id)}`}>{r.version.model.name} v{r.version.version}</Link>
                      <span className="muted"> · submitted {age(r.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        );
      }}
    </Block>
  );
}
