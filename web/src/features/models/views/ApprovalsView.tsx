// The admins' queue: pending requests, oldest first, refreshed whenever any request changes.
import { Link } from "react-router-dom";
import { Empty, ErrorMessage, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { FOUR_EYES } from "../components/DecisionPanel";
import { useQuery, useSubscription } from "../../../lib/hooks";

export const ApprovalQueueDocument = graphql(`
  query ApprovalQueue {
    me { id }
    approvalRequests(status: PENDING, first: 50) {
      edges {
        node {
          id comment createdAt submittedBy { id email }
          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }
        }
      }
    }
  }
`);

export const ApprovalQueueChangedDocument = graphql(`
  subscription ApprovalQueueChanged {
    approvalRequestsChanged { id status }
  }
`);

export function ApprovalsView() {
  const queue = useQuery(ApprovalQueueDocument);
  const liveError = useSubscription(ApprovalQueueChangedDocument, {}, () => queue.refetch(), { skip: !queue.data });
  return (
    <>
      <h1>Approvals</h1>
      {liveError && <ErrorMessage error={liveError} />}
      <QueryResult state={queue} what="Loading the queue">
        {(data) =>
          data.approvalRequests.edges.length === 0 ? (
            <Empty>Nothing waits for a decision.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>Version</th><th>Submitted by</th><th>When</th><th>Comment</th><th>Decision</th></tr></thead>
                <tbody>
                  {data.approvalRequests.edges.map(({ node: r }) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/models/versions/${encodeURIComponent(r.version.id)}`}>{r.version.model.name} v{r.version.version}</Link>
                      </td>
                      <td>{r.submittedBy.email}</td>
                      <td>{formatTime(r.createdAt)}</td>
                      <td>{r.comment}</td>
                      <td>
                        {r.version.card.viewerCanApprove ? (
                          <Link to={`/models/versions/${encodeURIComponent(r.version.id)}`} aria-label={`Decide on ${r.version.model.name} v${r.version.version}`}>
                            Decide
                          </Link>
                        ) : r.submittedBy.id === data.me.id ? (
                          <span role="note">{FOUR_EYES}</span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryResult>
    </>
  );
}
