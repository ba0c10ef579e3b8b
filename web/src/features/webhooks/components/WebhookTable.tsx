// The tenant's webhooks; each links to its page (edit, secret, deliveries) and shows how its
// newest delivery went.
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { WebhookTable_WebhookFragment } from "../../../gql/graphql";
import { DeliveryStatusBadge } from "./DeliveryStatusBadge";

graphql(`
  fragment WebhookTable_Webhook on Webhook {
    id
    url
    events
    description
    active
    lastDelivery { id status createdAt }
  }
`);

/** `urlHeader`: the URL column's head when the caller sorts by it (a SortHeader). */
export function WebhookTable({ webhooks, caption, urlHeader }: {
  webhooks: WebhookTable_WebhookFragment[];
  caption: string;
  urlHeader?: ReactNode;
}) {
  return (
    <div className="table-wrap cards-wrap">
      <table className="cards">
        <caption>{caption}</caption>
        <thead>
          <tr>{urlHeader ?? <th>URL</th>}<th>Events</th><th>Active</th><th>Last delivery</th></tr>
        </thead>
        <tbody>
          {webhooks.map((w) => (
            <tr key={w.id}>
              <td className="wrap">
                <Link to={`/webhooks/${encodeURIComponent(w.id)}`}>{w.url}</Link>
                {w.description && <div className="muted">{w.description}</div>}
              </td>
              <td className="wrap" data-label="Events">{w.events.map((e) => <code key={e} className="event">{e}</code>)}</td>
              <td data-label="Active">{w.active ? <span className="badge ok">active</span> : <span className="badge">paused</span>}</td>
              <td data-label="Last delivery">
                {w.lastDelivery ? <DeliveryStatusBadge status={w.lastDelivery.status} /> : <span className="muted">none yet</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
