// The tenant's webhooks; each links to its page (edit, secret, deliveries). The last delivery's
// status comes from the view, which asks the server per webhook.
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { WebhookTable_WebhookFragment } from "../../../gql/graphql";

graphql(`
  fragment WebhookTable_Webhook on Webhook {
    id
    url
    events
    description
    active
  }
`);

export function WebhookTable({ webhooks, lastDelivery }: {
  webhooks: WebhookTable_WebhookFragment[];
  lastDelivery: (webhookId: string) => ReactNode;
}) {
  return (
    <div className="table-wrap cards-wrap">
      <table className="cards">
        <thead>
          <tr><th>URL</th><th>Events</th><th>Active</th><th>Last delivery</th></tr>
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
              <td data-label="Last delivery">{lastDelivery(w.id)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
