// URL, events and description of a webhook (and, when editing, whether it is active). The server's
// BAD_USER_INPUT is shown next to the field it names (outside the label, so the field keeps its
// name, and tied to it with aria-describedby); other errors below the form.
import { useState, type FormEvent } from "react";
import { graphql } from "../../../gql";
import type { WebhookForm_WebhookFragment } from "../../../gql/graphql";
import type { GraphQLFailure } from "../../../lib/graphql";

graphql(`
  fragment WebhookForm_Webhook on Webhook {
    id
    url
    events
    description
    active
  }
`);

export interface WebhookValues {
  url: string;
  events: string[];
  description: string;
  active: boolean;
}

const FIELDS = ["url", "events", "description", "active"];

export function WebhookForm({ name, events, initial, editing = false, submitLabel, onSubmit, error, running }: {
  /** The form's accessible name. */
  name: string;
  /** Every event the server knows (`webhookEvents`). */
  events: string[];
  initial?: WebhookForm_WebhookFragment;
  editing?: boolean;
  submitLabel: string;
  onSubmit: (values: WebhookValues) => Promise<boolean>;
  error?: GraphQLFailure;
  running: boolean;
}) {
  const [url, setUrl] = useState(initial?.url ?? "");
  const [chosen, setChosen] = useState<string[]>(initial?.events ?? []);
  const [description, setDescription] = useState(initial?.description ?? "");
  const [active, setActive] = useState(initial?.active ?? true);
  const fieldError = (field: string) =>
    error?.forField(field) ?? error?.forField(`input.${field}`) ?? (error?.field?.endsWith(field) ? error.message : undefined);
  const urlError = fieldError("url");
  const eventsError = fieldError("events");
  const descriptionError = fieldError("description");
  const otherError = error && !FIELDS.some((f) => fieldError(f));
  const toggle = (event: string, on: boolean) =>
    setChosen((now) => (on ? events.filter((e) => e === event || now.includes(e)) : now.filter((e) => e !== event)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await onSubmit({ url: url.trim(), events: chosen, description, active });
    if (done && !editing) {
      setUrl("");
      setChosen([]);
      setDescription("");
    }
  };
  const idBase = name.replace(/\W+/g, "-").toLowerCase();
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={name}>
      <label>
        URL
        <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/slipway"
          aria-invalid={!!urlError} aria-describedby={urlError ? `${idBase}-url-error` : undefined} />
      </label>
      {urlError && <span className="field-error" id={`${idBase}-url-error`}>{urlError}</span>}
      <fieldset className="plain events-field" aria-invalid={!!eventsError}
        aria-describedby={eventsError ? `${idBase}-events-error` : undefined}>
        <legend>Events</legend>
        <div className="event-grid">
          {events.map((event) => (
            <label key={event} className="inline">
              <input type="checkbox" checked={chosen.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
              <code>{event}</code>
            </label>
          ))}
        </div>
        {eventsError && <span className="field-error" id={`${idBase}-events-error`}>{eventsError}</span>}
      </fieldset>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={!!descriptionError}
          aria-describedby={descriptionError ? `${idBase}-description-error` : undefined} />
      </label>
      {descriptionError && <span className="field-error" id={`${idBase}-description-error`}>{descriptionError}</span>}
      {editing && (
        <label className="inline">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          Active (inactive webhooks receive no events)
        </label>
      )}
      <div className="row">
        <button type="submit" disabled={running}>{running ? "Saving…" : submitLabel}</button>
      </div>
      {otherError && <span className="field-error" role="alert">{error.code}: {error.message}</span>}
    </form>
  );
}
