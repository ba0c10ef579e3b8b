// A round trip through the job queue, a worker and the live connection: proves the stack works.
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useSubscription } from "../../../lib/hooks";

export const SendPingDocument = graphql(`
  mutation SendPing($message: String!) {
    ping(message: $message) { id status }
  }
`);

export const PingWatchDocument = graphql(`
  subscription PingWatch($id: ID!) {
    pingUpdated(id: $id) { id status completedAt }
  }
`);

export function PingCheck() {
  const [send, sent] = useMutation(SendPingDocument);
  const [status, setStatus] = useState<string>();
  const id = sent.data?.ping.id;
  const liveError = useSubscription(PingWatchDocument, { id: id ?? "" }, (d) => setStatus(d.pingUpdated.status), { skip: !id });
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>System check</h2>
      <p className="muted">Sends a ping through the job queue and waits for the worker's pong over the live connection.</p>
      <div className="row" style={{ alignItems: "center" }}>
        <button type="button" disabled={sent.running} onClick={() => { setStatus(undefined); void send({ message: "hello from the web" }); }}>
          Send ping
        </button>
        {id && (
          <span role="status">
            <span className={`badge ${status === "PONGED" ? "ok" : "busy"}`}>{status ?? sent.data?.ping.status}</span>
          </span>
        )}
      </div>
      {sent.error && <ErrorMessage error={sent.error} />}
      {liveError && <ErrorMessage error={liveError} />}
    </div>
  );
}
