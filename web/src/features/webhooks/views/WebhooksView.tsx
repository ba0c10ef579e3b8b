// The tenant's webhooks (admins): register one (its secret shown once), and the list with each
// webhook's last delivery status (one query for the page). The API returns every webhook of the
// tenant at once (a handful), so sorting and filtering here see the whole list, not one page of it.
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { SortHeader } from "../../../components/SortHeader";
import { Empty, QueryResult } from "../../../components/States";
import type { WebhookTable_WebhookFragment } from "../../../gql/graphql";
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

type Shown = "all" | "active" | "paused" | "failing";
const SHOWN: [Shown, string][] = [["all", "all"], ["active", "active"], ["paused", "paused"], ["failing", "last delivery failed"]];

function matches(w: WebhookTable_WebhookFragment, text: string, shown: Shown): boolean {
  const needle = text.trim().toLowerCase();
  if (needle && !w.url.toLowerCase().includes(needle) && !w.description.toLowerCase().includes(needle)
    && !w.events.some((e) => e.includes(needle))) return false;
  if (shown === "active") return w.active;
  if (shown === "paused") return !w.active;
  if (shown === "failing") return w.lastDelivery?.status === "FAILED";
  return true;
}

function RegisteredWebhooks({ webhooks }: { webhooks: WebhookTable_WebhookFragment[] }) {
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  const shown = SHOWN.find(([s]) => s === params.get("show"))?.[0] ?? "all";
  const descending = params.get("sort") === "URL_DESC";
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const rows = useMemo(() => {
    const kept = webhooks.filter((w) => matches(w, text, shown));
    kept.sort((a, b) => a.url.localeCompare(b.url) * (descending ? -1 : 1));
    return kept;
  }, [webhooks, text, shown, descending]);
  if (webhooks.length === 0) return <Empty>No webhooks yet: register a URL above.</Empty>;
  return (
    <>
      <div className="row filters" role="search" aria-label="Filter webhooks" style={{ marginBottom: 12 }}>
        <label style={{ flex: 1 }}>
          URL, description or event contains
          <input type="search" value={text} onChange={(e) => set("q", e.target.value)} />
        </label>
        <label>
          Show
          <select value={shown} onChange={(e) => set("show", e.target.value === "all" ? "" : e.target.value)}>
            {SHOWN.map(([s, words]) => <option key={s} value={s}>{words}</option>)}
          </select>
        </label>
      </div>
      {rows.length === 0 ? (
        <Empty>No webhook matches.</Empty>
      ) : (
        <WebhookTable webhooks={rows}
          caption={`Webhooks${shown !== "all" ? ` (${SHOWN.find(([s]) => s === shown)?.[1]})` : ""}, ${rows.length} of ${webhooks.length}, by URL ${descending ? "Z to A" : "A to Z"}`}
          urlHeader={
            <SortHeader current={descending ? "descending" : "ascending"} onSort={(d) => set("sort", d === "descending" ? "URL_DESC" : "")}>
              URL
            </SortHeader>
          } />
      )}
    </>
  );
}

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
            <RegisteredWebhooks webhooks={data.webhooks} />
          </>
        )}
      </QueryResult>
    </>
  );
}
