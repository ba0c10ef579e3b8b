// One webhook's delivery log, newest first, a page at a time, with redeliver. It stays current while
// open: `webhookDeliveryUpdated` brings each new delivery and each logged attempt as it happens. If the
// subscription fails, the page polls instead while a delivery is PENDING, backing off from 1 s to 30 s.
import { useEffect, useRef, useState } from "react";
import { LoadMore } from "../../../components/LoadMore";
import { Empty, ErrorMessage, QueryResult } from "../../../components/States";
import { useToast } from "../../../components/Toast";
import { graphql } from "../../../gql";
import type { DeliveryLog_DeliveryFragment } from "../../../gql/graphql";
import { useMutation, useSubscription } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";
import { DeliveryLog } from "../components/DeliveryLog";

export const WebhookDeliveriesPageDocument = graphql(`
  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {
    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {
      edges { node { ...DeliveryLog_Delivery } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const WebhookDeliveryUpdatedDocument = graphql(`
  subscription WebhookDeliveryUpdated($webhookId: ID!) {
    webhookDeliveryUpdated(webhookId: $webhookId) { ...DeliveryLog_Delivery }
  }
`);

export const RedeliverWebhookDocument = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_Delivery }
  }
`);

/** A delivery already shown changes in place; a new one goes on top (the cursor of older pages stays valid). */
export function merged(all: DeliveryLog_DeliveryFragment[], delivery: DeliveryLog_DeliveryFragment): DeliveryLog_DeliveryFragment[] {
  return all.some((d) => d.id === delivery.id) ? all.map((d) => (d.id === delivery.id ? delivery : d)) : [delivery, ...all];
}

export const POLL_FIRST_MS = 1000;
export const POLL_MAX_MS = 30000;

/** Without the subscription: reload while something is PENDING, waiting twice as long each time. */
function usePollWhilePending(active: boolean, refetch: () => void) {
  const delay = useRef(POLL_FIRST_MS);
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!active) {
      delay.current = POLL_FIRST_MS;
      return;
    }
    const timer = setTimeout(() => {
      refetch();
      delay.current = Math.min(delay.current * 2, POLL_MAX_MS);
      setPolls((n) => n + 1);
    }, delay.current);
    return () => clearTimeout(timer);
  }, [active, polls, refetch]);
}

/** `generation` changes when the page above sent something new (a ping): back to the newest page. */
export function WebhookDeliveriesView({ webhookId, generation }: { webhookId: string; generation: number }) {
  const log = usePagedQuery(WebhookDeliveriesPageDocument, { webhookId }, "webhookDeliveries");
  const { refetch, updateNodes } = log;
  const [redeliver, redelivered] = useMutation(RedeliverWebhookDocument);
  const toast = useToast();
  // Subscribed from the start, so nothing that happens while the first page loads is missed for long.
  const liveError = useSubscription(WebhookDeliveryUpdatedDocument, { webhookId }, (d) =>
    updateNodes((all) => merged(all, d.webhookDeliveryUpdated)));
  usePollWhilePending(!!liveError && log.nodes.some((d) => d.status === "PENDING"), refetch);
  // Something new was sent: show the newest page, loaded again (its variables do not change).
  const [seen, setSeen] = useState(generation);
  if (seen !== generation) {
    setSeen(generation);
    refetch();
  }
  const resend = async (deliveryId: string) => {
    const done = await redeliver({ deliveryId });
    if (done) {
      updateNodes((all) => merged(all, done.redeliverWebhook));
      toast(`Queued a redelivery of ${done.redeliverWebhook.event}.`);
    }
  };
  return (
    <section aria-labelledby="deliveries-heading">
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h2 id="deliveries-heading">Deliveries</h2>
        <span className="muted" role="status">
          {liveError ? "Live updates are off; checking again while a delivery is pending." : "Updates live."}
        </span>
      </div>
      {redelivered.error && <ErrorMessage error={redelivered.error} />}
      <QueryResult state={log} what="Loading deliveries">
        {() => (
          <>
            {log.nodes.length === 0 ? (
              <Empty>No deliveries yet. Send a ping to try the receiver.</Empty>
            ) : (
              <DeliveryLog deliveries={log.nodes} caption="Deliveries to this webhook, newest first"
                onRedeliver={(id) => void resend(id)} redelivering={redelivered.running} />
            )}
            <LoadMore state={log} what="deliveries" label="Older" />
          </>
        )}
      </QueryResult>
    </section>
  );
}
