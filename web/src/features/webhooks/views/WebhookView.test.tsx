import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { delivery, EVENTS, page, sentHeaders, webhook } from "./fixtures";
import { RedeliverWebhookDocument, WebhookDeliveriesPageDocument, WebhookDeliveryUpdatedDocument } from "./WebhookDeliveriesView";
import {
  DeleteWebhookDocument, PingWebhookDocument, RotateWebhookSecretDocument, UpdateWebhookDocument, WebhookPageDocument, WebhookView,
} from "./WebhookView";

const W1 = webhook("W1", "https://ci.example/hook", { events: ["deployment.live"], description: "CI" });

function server(deliveries: ReturnType<typeof delivery>[] = [delivery("D1")]) {
  return new TestServer()
    .on(WebhookPageDocument, () => ({ webhook: W1, webhookEvents: EVENTS }))
    .on(WebhookDeliveriesPageDocument, () => page(deliveries));
}

const render = (s: TestServer) => renderWithServer(<WebhookView />, s, { route: "/webhooks/W1", path: "/webhooks/:id" });

test("the delivery log shows each delivery and expands to its attempts and the exact request body", async () => {
  render(server());
  const row = (await screen.findByText("HTTP 500 from the receiver", { selector: "td > span" })).closest("tr")!;
  expect(within(row).getByText("failed")).toBeInTheDocument();
  expect(within(row).getByRole("cell", { name: "500" })).toBeInTheDocument();
  const toggle = within(row).getByRole("button", { name: /Show details of deployment.live/ });
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  await userEvent.click(toggle);
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  expect(screen.getByText("HTTP 503 from the receiver")).toBeInTheDocument();
  expect(screen.getByLabelText("Request body of delivery D1")).toHaveTextContent('"deploymentId": "D1"');
});

test("pages through older deliveries with the server's cursor, appending them", async () => {
  const s = server().on(WebhookDeliveriesPageDocument, ({ after }) =>
    after ? page([delivery("D0", { event: "ping", status: "SUCCEEDED", lastResponseCode: 200, lastError: null })]) : page([delivery("D1")], true, "c1"));
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Older" }));
  expect(await screen.findByText("succeeded")).toBeInTheDocument();
  expect(screen.getByText("failed")).toBeInTheDocument();
  expect(s.called("WebhookDeliveriesPage").at(-1)?.variables).toEqual({ webhookId: "W1", after: "c1" });
  expect(screen.queryByRole("button", { name: "Older" })).not.toBeInTheDocument();
});

test("redeliver puts the new delivery on top and says so", async () => {
  const s = server().on(RedeliverWebhookDocument, ({ deliveryId }) => ({
    redeliverWebhook: delivery("D2", { status: "PENDING" as const, attempts: 0, lastResponseCode: null, lastError: null,
      redeliveryOfId: deliveryId, nextAttemptAt: "2026-11-23T10:05:00Z", attemptLog: [] }),
  }));
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: /Redeliver deployment.live/ }));
  expect(await screen.findByText("pending")).toBeInTheDocument();
  expect(s.called("RedeliverWebhook")[0]?.variables).toEqual({ deliveryId: "D1" });
  expect(await screen.findByText("Queued a redelivery of deployment.live.")).toBeInTheDocument();
  expect(screen.getByText("redelivery")).toBeInTheDocument();
  expect(screen.getAllByRole("button", { name: /Redeliver deployment.live/ })).toHaveLength(2);
});

test("the log follows a ping live: pending, then delivered, with the headers sent and the answer", async () => {
  const pending = delivery("D9", { event: "ping", status: "PENDING" as const, attempts: 0, lastResponseCode: null, lastError: null,
    nextAttemptAt: null, finishedAt: null, attemptLog: [] });
  const s = server([delivery("D1")]);
  render(s);
  await screen.findByText("failed");
  await waitFor(() => expect(s.subscribers(WebhookDeliveryUpdatedDocument)).toBe(1));
  expect(s.called("WebhookDeliveryUpdated")[0]?.variables).toEqual({ webhookId: "W1" });
  act(() => s.emit(WebhookDeliveryUpdatedDocument, { webhookDeliveryUpdated: pending }));
  expect(await screen.findByText("pending")).toBeInTheDocument();
  const done = { ...pending, status: "SUCCEEDED" as const, attempts: 1, lastResponseCode: 200, finishedAt: "2026-11-23T10:00:01Z",
    attemptLog: [{ number: 1, startedAt: "2026-11-23T10:00:00Z", responseCode: 200, error: null, durationMs: 4,
      requestHeaders: sentHeaders("D9", "ping", "t=1700000000,v1=cafe"), responseBody: "ok" }] };
  act(() => s.emit(WebhookDeliveryUpdatedDocument, { webhookDeliveryUpdated: done }));
  expect(await screen.findByText("succeeded")).toBeInTheDocument();
  expect(screen.queryByText("pending")).not.toBeInTheDocument();
  expect(screen.getAllByRole("row").filter((r) => within(r).queryByText("ping"))).toHaveLength(1); // replaced, not added
  await userEvent.click(screen.getByRole("button", { name: /Show details of ping/ }));
  const headers = screen.getByLabelText("Request headers of attempt 1");
  for (const [name, value] of Object.entries(sentHeaders("D9", "ping", "t=1700000000,v1=cafe"))) {
    expect(within(headers).getByText(name)).toBeInTheDocument();
    expect(within(headers).getByText(value)).toBeInTheDocument();
  }
  expect(screen.getByLabelText("Response body of attempt 1 of delivery D9")).toHaveTextContent("ok");
});

test("without the subscription it polls while a delivery is pending, and stops once none is", async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  try {
    let status: "PENDING" | "SUCCEEDED" = "PENDING";
    const s = server().on(WebhookDeliveriesPageDocument, () =>
      page([delivery("D9", { event: "ping", status, attempts: status === "PENDING" ? 0 : 1, attemptLog: [] })]));
    render(s);
    await screen.findByText("pending");
    await waitFor(() => expect(s.subscribers(WebhookDeliveryUpdatedDocument)).toBe(1));
    act(() => s.failStream(WebhookDeliveryUpdatedDocument, "The live connection closed.", "UNAVAILABLE"));
    expect(await screen.findByText(/Live updates are off/)).toBeInTheDocument();
    const before = s.called("WebhookDeliveriesPage").length;
    await act(async () => { await vi.advanceTimersByTimeAsync(1100); });
    await waitFor(() => expect(s.called("WebhookDeliveriesPage").length).toBe(before + 1));
    status = "SUCCEEDED";
    await act(async () => { await vi.advanceTimersByTimeAsync(2100); });
    expect(await screen.findByText("succeeded")).toBeInTheDocument();
    const settled = s.called("WebhookDeliveriesPage").length;
    await act(async () => { await vi.advanceTimersByTimeAsync(60000); });
    expect(s.called("WebhookDeliveriesPage").length).toBe(settled);
  } finally {
    vi.useRealTimers();
  }
});

test("a redelivery the server refuses shows its message", async () => {
  render(server().fail(RedeliverWebhookDocument, "A pending delivery cannot be redelivered.", "CONFLICT"));
  await userEvent.click(await screen.findByRole("button", { name: /Redeliver deployment.live/ }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CONFLICT: A pending delivery cannot be redelivered.");
});

test("says so when nothing was delivered yet", async () => {
  render(server([]));
  expect(await screen.findByText(/No deliveries yet/)).toBeInTheDocument();
});

test("edits URL, events and active, sending every field", async () => {
  const s = server().on(UpdateWebhookDocument, ({ id, input }) => ({
    updateWebhook: { ...W1, id, url: input.url!, events: input.events!, active: input.active!, updatedAt: "2026-11-23T11:00:00Z" },
  }));
  render(s);
  const form = await screen.findByRole("form", { name: "Edit webhook" });
  expect(within(form).getByLabelText("URL")).toHaveValue("https://ci.example/hook");
  expect(within(form).getByRole("checkbox", { name: "deployment.live" })).toBeChecked();
  await userEvent.clear(within(form).getByLabelText("URL"));
  await userEvent.type(within(form).getByLabelText("URL"), "https://ci.example/v2");
  await userEvent.click(within(form).getByRole("checkbox", { name: "ping" }));
  await userEvent.click(within(form).getByRole("checkbox", { name: /Active/ }));
  await userEvent.click(within(form).getByRole("button", { name: "Save changes" }));
  expect(await screen.findByRole("heading", { name: "https://ci.example/v2" })).toBeInTheDocument();
  expect(s.called("UpdateWebhook")[0]?.variables).toEqual({
    id: "W1", input: { url: "https://ci.example/v2", events: ["deployment.live", "ping"], description: "CI", active: false },
  });
});

test("rotating asks first, then shows the new secret once", async () => {
  const s = server().on(RotateWebhookSecretDocument, () => ({ rotateWebhookSecret: { secret: "whsec_new", webhook: { id: "W1", url: W1.url } } }));
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Rotate secret" }));
  expect(s.called("RotateWebhookSecret")).toHaveLength(0);
  const confirm = screen.getByRole("group", { name: "Confirm rotating the secret" });
  await userEvent.click(within(confirm).getByRole("button", { name: "Rotate now" }));
  const secret = await screen.findByRole("region", { name: "Signing secret" });
  expect(secret).toHaveTextContent("whsec_new");
  expect(secret).toHaveTextContent("you will not see it again");
  expect(screen.queryByRole("group", { name: "Confirm rotating the secret" })).not.toBeInTheDocument();
  await userEvent.click(within(secret).getByRole("button", { name: "I have stored it" }));
  expect(screen.queryByText("whsec_new")).not.toBeInTheDocument();
});

test("cancelling a delete sends nothing; confirming it goes back to the list", async () => {
  const s = server().on(DeleteWebhookDocument, ({ id }) => ({ deleteWebhook: id }));
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Delete webhook" }));
  await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
  expect(s.called("DeleteWebhook")).toHaveLength(0);
  await userEvent.click(screen.getByRole("button", { name: "Delete webhook" }));
  await userEvent.click(screen.getByRole("button", { name: "Delete now" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/webhooks$/));
  expect(s.called("DeleteWebhook")[0]?.variables).toEqual({ id: "W1" });
});

test("a ping is sent and the log reloads to show it", async () => {
  let deliveries: ReturnType<typeof delivery>[] = [];
  const s = server().on(WebhookDeliveriesPageDocument, () => page(deliveries))
    .on(PingWebhookDocument, () => {
      deliveries = [delivery("P1", { event: "ping", status: "SUCCEEDED", lastResponseCode: 204, lastError: null })];
      return { pingWebhook: { id: "P1", status: "PENDING" as const } };
    });
  render(s);
  await screen.findByText(/No deliveries yet/);
  await userEvent.click(screen.getByRole("button", { name: "Send a ping" }));
  expect(await screen.findByText("succeeded")).toBeInTheDocument();
  expect(screen.getByText(/Ping queued/)).toBeInTheDocument();
});

test("a webhook of another tenant (or none) shows NOT_FOUND", async () => {
  render(new TestServer().fail(WebhookPageDocument, "No webhook with this id.", "NOT_FOUND")
    .on(WebhookDeliveriesPageDocument, () => page([])));
  expect(await screen.findByRole("alert")).toHaveTextContent("NOT_FOUND: No webhook with this id.");
});
