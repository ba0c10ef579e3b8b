// The tenant's webhooks (admins): register one (its secret shown once), and the list with each
// webhook's last delivery status (one query for the page).
import { useState } from "react";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { SecretOnce } from "../components/SecretOnce";
import { WebhookForm, type WebhookValues } from "../components/WebhookForm";
import { WebhookTable } from "../components/WebhookTable";
import "../webhooks.css";

export const WebhooksPageDocument = graphql(`
  query WebhooksPage {
    webhooks { ...WebhookTable_Webhook }
    webhookEvents
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) { secret webhook { id url } }
  }
`);

export function WebhooksView() {
  const page = useQuery(WebhooksPageDocument);
  const [create, created, forget] = useMutation(CreateWebhookDocument);
  const [formKey, setFormKey] = useState(0);
  const add = async (values: WebhookValues) => {
    const done = await create({ input: { url: values.url, events: values.events, description: values.description } });
    if (done) {
      page.refetch();
      setFormKey((k) => k + 1);
    }
    return !!done;
  };
  const secret = created.data?.createWebhook;
  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">Signed HTTP POSTs to your URLs when models and deployments change.</p>
      {secret && <SecretOnce secret={secret.secret} url={secret.webhook.url} onDone={forget} />}
      <QueryResult state={page} what="Loading webhooks">
        {(data) => (
          <>
            <section className="panel">
              <h2>New webhook</h2>
              <WebhookForm key={formKey} name="New webhook" events={data.webhookEvents} submitLabel="Create webhook"
                onSubmit={add} error={created.error} running={created.running} />
            </section>
            <h2>Registered</h2>
            {data.webhooks.length === 0 ? (
              <Empty>No webhooks yet: register a URL above.</Empty>
            ) : (
              <WebhookTable webhooks={data.webhooks} />
            )}
          </>
        )}
      </QueryResult>
    </>
  );
}
