// One webhook's delivery log, newest first, in cursor pages of 20, with redeliver.
import { useState } from "react";
import { Empty, ErrorMessage, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { DeliveryLog } from "../components/DeliveryLog";

export const WebhookDeliveriesPageDocument = graphql(`
  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {
    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {
      edges { node { ...DeliveryLog_Delivery } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const RedeliverWebhookDocument = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) { id event status }
  }
`);

/** `generation` changes when the page above sent something new (a ping): back to the newest page. */
export function WebhookDeliveriesView({ webhookId, generation }: { webhookId: string; generation: number }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const log = useQuery(WebhookDeliveriesPageDocument, { webhookId, after: cursors[cursors.length - 1] ?? null });
  const { refetch } = log;
  const [redeliver, redelivered] = useMutation(RedeliverWebhookDocument);
  // Something new was sent: show the newest page, loaded again (its variables may not change).
  const [seen, setSeen] = useState(generation);
  if (seen !== generation) {
    setSeen(generation);
    setCursors([null]);
    refetch();
  }
  const resend = async (deliveryId: string) => {
    if (await redeliver({ deliveryId })) {
      setCursors([null]);
      refetch();
    }
  };
  return (
    <section aria-labelledby="deliveries-heading">
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h2 id="deliveries-heading">Deliveries</h2>
        <button type="button" className="secondary small" onClick={refetch} disabled={log.loading}>Refresh</button>
      </div>
      {redelivered.data && (
        <p role="status">Queued a redelivery of <code>{redelivered.data.redeliverWebhook.event}</code>.</p>
      )}
      {redelivered.error && <ErrorMessage error={redelivered.error} />}
      <QueryResult state={log} what="Loading deliveries">
        {(data) => (
          <>
            {data.webhookDeliveries.edges.length === 0 ? (
              <Empty>No deliveries yet. Send a ping to try the receiver.</Empty>
            ) : (
              <DeliveryLog deliveries={data.webhookDeliveries.edges.map((e) => e.node)}
                onRedeliver={(id) => void resend(id)} redelivering={redelivered.running} />
            )}
            <div className="pager">
              {cursors.length > 1 && (
                <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
              )}
              {data.webhookDeliveries.pageInfo.hasNextPage && (
                <button type="button" className="secondary"
                  onClick={() => setCursors([...cursors, data.webhookDeliveries.pageInfo.endCursor ?? null])}>
                  Older
                </button>
              )}
            </div>
          </>
        )}
      </QueryResult>
    </section>
  );
}
