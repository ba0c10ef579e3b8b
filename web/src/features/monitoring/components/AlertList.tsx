// The deployment's drift alerts, newest first, with acknowledge where the server says the viewer may.
import { graphql } from "../../../gql";
import { ErrorMessage } from "../../../components/States";
import { formatTime } from "../../../lib/format";
import { useMutation, useQuery, useSubscription } from "../../../lib/hooks";

export const DeploymentAlertsDocument = graphql(`
  query DeploymentAlerts($deploymentId: ID!) {
    alerts(deploymentId: $deploymentId, first: 50) {
      edges { node { id feature kind status metric value threshold createdAt closedAt acknowledgedAt viewerCanAcknowledge } }
    }
  }
`);

export const AcknowledgeAlertDocument = graphql(`
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) { id acknowledgedAt viewerCanAcknowledge }
  }
`);

export const AlertUpdatedDocument = graphql(`
  subscription AlertUpdated($deploymentId: ID!) {
    alertUpdated(deploymentId: $deploymentId) { id status }
  }
`);

export function AlertList({ deploymentId }: { deploymentId: string }) {
  const alerts = useQuery(DeploymentAlertsDocument, { deploymentId });
  const [acknowledge, ack] = useMutation(AcknowledgeAlertDocument);
  const live = useSubscription(AlertUpdatedDocument, { deploymentId }, () => alerts.refetch());
  const rows = alerts.data?.alerts.edges.map((e) => e.node) ?? [];
  return (
    <section className="panel stack" aria-labelledby="alerts-title">
      <h2 id="alerts-title" style={{ margin: 0 }}>Drift alerts</h2>
      {alerts.error && <ErrorMessage error={alerts.error} onRetry={alerts.refetch} />}
      {ack.error && <ErrorMessage error={ack.error} />}
      {live && <p className="muted">Live updates stopped: {live.message} Reload to follow again.</p>}
      {!alerts.loading && rows.length === 0 && <p className="muted">No alerts: every feature is within its thresholds.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Drift alerts">
            <thead><tr><th>Feature</th><th>Status</th><th>Crossed</th><th>Opened</th><th>Acknowledged</th></tr></thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>{a.feature} <span className="muted">({a.kind.toLowerCase()})</span></td>
                  <td>{a.status === "OPEN" ? <span className="badge bad">open</span> : <span className="badge">closed {formatTime(a.closedAt)}</span>}</td>
                  <td>{a.metric} {a.value.toPrecision(3)} (threshold {a.threshold})</td>
                  <td>{formatTime(a.createdAt)}</td>
                  <td>
                    {a.acknowledgedAt ? formatTime(a.acknowledgedAt) : a.viewerCanAcknowledge ? (
                      <button type="button" disabled={ack.running} onClick={() => void acknowledge({ id: a.id }).then((done) => done && alerts.refetch())}>
                        Acknowledge
                      </button>
                    ) : <span className="muted">not yet</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
