// One webhook (admins): edit it, ping it, rotate its secret (shown once), delete it, and its
// delivery log.
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ErrorMessage, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { SecretOnce } from "../components/SecretOnce";
import { WebhookActions } from "../components/WebhookActions";
import { WebhookForm, type WebhookValues } from "../components/WebhookForm";
import { WebhookDeliveriesView } from "./WebhookDeliveriesView";
import "../webhooks.css";

export const WebhookPageDocument = graphql(`
  query WebhookPage($id: ID!) {
    webhook(id: $id) { id url updatedAt ...WebhookForm_Webhook }
    webhookEvents
  }
`);

export const UpdateWebhookDocument = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) { id url updatedAt ...WebhookForm_Webhook }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) { secret webhook { id url } }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }
`);

export const PingWebhookDocument = graphql(`
  mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { id status } }
`);

export function WebhookView() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const page = useQuery(WebhookPageDocument, { id });
  const [update, updated] = useMutation(UpdateWebhookDocument);
  const [rotate, rotated, forgetSecret] = useMutation(RotateWebhookSecretDocument);
  const [remove, removed] = useMutation(DeleteWebhookDocument);
  const [ping, pinged] = useMutation(PingWebhookDocument);
  const [sent, setSent] = useState(0);
  const save = async (values: WebhookValues) => {
    const done = await update({ id, input: values });
    if (done) page.setData((prev) => prev && { ...prev, webhook: done.updateWebhook });
    return !!done;
  };
  const actionError = rotated.error ?? removed.error ?? pinged.error;
  return (
    <>
      <p><Link to="/webhooks">← Webhooks</Link></p>
      <QueryResult state={page} what="Loading the webhook">
        {(data) => (
          <>
            <h1 style={{ overflowWrap: "anywhere" }}>{data.webhook.url}</h1>
            {rotated.data && (
              <SecretOnce secret={rotated.data.rotateWebhookSecret.secret} url={data.webhook.url} onDone={forgetSecret} />
            )}
            <div className="two-col">
              <section className="panel">
                <h2>Settings</h2>
                <WebhookForm key={data.webhook.id} name="Edit webhook" editing events={data.webhookEvents} initial={data.webhook}
                  submitLabel="Save changes" onSubmit={save} error={updated.error} running={updated.running} />
                {updated.data && <p role="status">Saved.</p>}
              </section>
              <section className="panel">
                <h2>Actions</h2>
                <WebhookActions url={data.webhook.url} busy={rotated.running || removed.running || pinged.running}
                  onPing={() => void ping({ id }).then((d) => d && setSent((n) => n + 1))}
                  onRotate={async () => !!(await rotate({ id }))}
                  onDelete={async () => {
                    const done = await remove({ id });
                    if (done) navigate("/webhooks", { replace: true });
                    return !!done;
                  }} />
                {pinged.data && <p role="status">Ping queued; it appears in the deliveries below.</p>}
                {actionError && <ErrorMessage error={actionError} />}
              </section>
            </div>
            <WebhookDeliveriesView webhookId={id} generation={sent} />
          </>
        )}
      </QueryResult>
    </>
  );
}
