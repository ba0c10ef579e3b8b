// A webhook's deliveries, newest first; a row expands to its attempts (the headers each sent, the
// start of each answer) and the exact body sent.
import { Fragment, useState } from "react";
import { graphql } from "../../../gql";
import type { DeliveryLog_DeliveryFragment } from "../../../gql/graphql";
import { formatMoment, formatMs, formatTime } from "../../../lib/format";
import { DeliveryStatusBadge } from "./DeliveryStatusBadge";

graphql(`
  fragment DeliveryLog_Delivery on WebhookDelivery {
    id
    event
    status
    attempts
    lastResponseCode
    lastError
    nextAttemptAt
    durationMs
    requestBody
    createdAt
    finishedAt
    redeliveryOfId
    attemptLog { number startedAt responseCode error durationMs requestHeaders responseBody }
  }
`);

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The headers as the API keeps them (an object of name to value; storage keeps no order), by name. */
function headerList(raw: unknown): [string, string][] {
  if (!raw || typeof raw !== "object") return [];
  return Object.entries(raw as Record<string, unknown>)
    .map(([k, v]): [string, string] => [k, String(v)])
    .sort(([a], [b]) => a.localeCompare(b));
}

function Attempt({ attempt, deliveryId }: { attempt: DeliveryLog_DeliveryFragment["attemptLog"][number]; deliveryId: string }) {
  const headers = headerList(attempt.requestHeaders);
  return (
    <li className="attempt">
      <div>
        Attempt {attempt.number} · {formatMoment(attempt.startedAt)} ·{" "}
        {attempt.responseCode != null ? <>HTTP <code>{attempt.responseCode}</code></> : "no answer"} · {formatMs(attempt.durationMs, 0)}
      </div>
      {attempt.error && <div className="field-error">{attempt.error}</div>}
      {headers.length > 0 && (
        <dl className="headers" aria-label={`Request headers of attempt ${attempt.number}`}>
          {headers.map(([name, value]) => (
            <div key={name}><dt>{name}</dt><dd><code>{value}</code></dd></div>
          ))}
        </dl>
      )}
      {attempt.responseBody != null && (
        <>
          <div className="muted">Response body{attempt.responseBody.length >= 500 ? " (first 500 bytes)" : ""}:</div>
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- keyboard users cannot scroll it otherwise (WCAG 2.1.1) */}
          <pre className="body response" role="region" tabIndex={0} aria-label={`Response body of attempt ${attempt.number} of delivery ${deliveryId}`}>
            {attempt.responseBody || "(empty)"}
          </pre>
        </>
      )}
    </li>
  );
}

function Details({ delivery }: { delivery: DeliveryLog_DeliveryFragment }) {
  return (
    <div className="stack delivery-details">
      <div>
        <h3>Attempts</h3>
        {delivery.attemptLog.length === 0 ? (
          <p className="muted">No attempt yet.</p>
        ) : (
          <ol className="attempts">
            {delivery.attemptLog.map((a) => <Attempt key={a.number} attempt={a} deliveryId={delivery.id} />)}
          </ol>
        )}
      </div>
      <div>
        <h3>Request body</h3>
        {/* A scrolling region: focusable so a keyboard can scroll it, a named region so the name is read. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- keyboard users cannot scroll it otherwise (WCAG 2.1.1) */}
        <pre className="body" role="region" tabIndex={0} aria-label={`Request body of delivery ${delivery.id}`}>{prettyBody(delivery.requestBody)}</pre>
      </div>
    </div>
  );
}

export function DeliveryLog({ deliveries, onRedeliver, redelivering, caption }: {
  deliveries: DeliveryLog_DeliveryFragment[];
  caption: string;
  onRedeliver: (deliveryId: string) => void;
  redelivering: boolean;
}) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((now) => {
      const next = new Set(now);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="table-wrap cards-wrap deliveries-wrap">
      <table className="deliveries cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th>Event</th><th>Status</th><th>Attempts</th><th>Response</th><th>Last error</th><th>Next attempt</th><th>Sent</th>
            <th><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const expanded = open.has(d.id);
            return (
              <Fragment key={d.id}>
                <tr>
                  <td className="event-cell">
                    <button type="button" className="secondary small" aria-expanded={expanded} aria-controls={`delivery-${d.id}`}
                      onClick={() => toggle(d.id)} aria-label={`${expanded ? "Hide" : "Show"} details of ${d.event} sent ${formatMoment(d.createdAt)}`}>
                      {expanded ? "▾" : "▸"}
                    </button>{" "}
                    <code>{d.event}</code>
                    {d.redeliveryOfId && <div className="muted">redelivery</div>}
                  </td>
                  <td data-label="Status"><DeliveryStatusBadge status={d.status} /></td>
                  <td data-label="Attempts">{d.attempts}</td>
                  <td data-label="Response">{d.lastResponseCode ?? "—"}</td>
                  <td className="wrap" data-label="Last error"><span className="clamp" title={d.lastError ?? undefined}>{d.lastError ?? "—"}</span></td>
                  <td data-label="Next attempt">{d.status === "PENDING" ? formatTime(d.nextAttemptAt) : "—"}</td>
                  <td data-label="Sent">{formatTime(d.createdAt)}</td>
                  <td className="action-cell">
                    <button type="button" className="secondary small" disabled={redelivering} onClick={() => onRedeliver(d.id)}
                      aria-label={`Redeliver ${d.event} sent ${formatMoment(d.createdAt)}`}>
                      Redeliver
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr id={`delivery-${d.id}`} className="details-row">
                    <td colSpan={8}><Details delivery={d} /></td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
