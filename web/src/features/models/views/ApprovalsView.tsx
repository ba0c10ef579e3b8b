// The admins' queue: pending requests, oldest first (or newest), a page at a time, refreshed whenever
// any request changes.
import { Link, useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { SortHeader } from "../../../components/SortHeader";
import { Empty, ErrorMessage, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ApprovalOrder } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useSubscription } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";
import { FOUR_EYES } from "../components/DecisionPanel";

export const ApprovalQueueDocument = graphql(`
  query ApprovalQueue($orderBy: ApprovalOrder!, $after: String) {
    me { id }
    approvalRequests(status: PENDING, first: 25, after: $after, orderBy: $orderBy) {
      edges {
        node {
          id comment createdAt submittedBy { id email }
          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ApprovalQueueChangedDocument = graphql(`
  subscription ApprovalQueueChanged {
    approvalRequestsChanged { id status }
  }
`);

export function ApprovalsView() {
  const [params, setParams] = useSearchParams();
  const orderBy: ApprovalOrder = params.get("sort") === "NEWEST_FIRST" ? "NEWEST_FIRST" : "OLDEST_FIRST";
  const queue = usePagedQuery(ApprovalQueueDocument, { orderBy }, "approvalRequests");
  const liveError = useSubscription(ApprovalQueueChangedDocument, {}, () => queue.refetch(), { skip: !queue.data });
  const me = queue.data?.me;
  return (
    <>
      <h1>Approvals</h1>
      {liveError && <ErrorMessage error={liveError} />}
      <QueryResult state={queue} what="Loading the queue">
        {() =>
          queue.nodes.length === 0 ? (
            <Empty>Nothing waits for a decision.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption>Versions waiting for a decision, {orderBy === "OLDEST_FIRST" ? "oldest" : "newest"} first</caption>
                  <thead>
                    <tr>
                      <th>Version</th><th>Submitted by</th>
                      <SortHeader current={orderBy === "OLDEST_FIRST" ? "ascending" : "descending"}
                        onSort={(d) => setParams(d === "descending" ? { sort: "NEWEST_FIRST" } : {})}>
                        When
                      </SortHeader>
                      <th>Comment</th><th>Decision</th>
                    </tr>
                  </thead>
                  <tbody>
                    {queue.nodes.map((r) => (
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
                          ) : r.submittedBy.id === me?.id ? (
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
              <LoadMore state={queue} what="requests" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}
