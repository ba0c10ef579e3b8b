import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { EVENTS, webhook } from "./fixtures";
import { CreateWebhookDocument, WebhooksPageDocument, WebhooksView } from "./WebhooksView";

function server(hooks = [webhook("W1", "https://ci.example/hook")]) {
  return new TestServer().on(WebhooksPageDocument, () => ({ webhooks: hooks, webhookEvents: EVENTS }));
}

test("lists webhooks with their events, whether active, and the last delivery's status", async () => {
  const failed = { id: "D1", status: "FAILED" as const, createdAt: "2026-11-23T10:00:00Z" };
  renderWithServer(<WebhooksView />, server([webhook("W1", "https://ci.example/hook", { lastDelivery: failed }),
    webhook("W2", "https://n8n.example/x", { active: false })]));
  const row = (await screen.findByRole("link", { name: "https://ci.example/hook" })).closest("tr")!;
  expect(row).toHaveTextContent("deployment.live");
  expect(within(row).getByText("active")).toBeInTheDocument();
  expect(await within(row).findByText("failed")).toBeInTheDocument();
  const other = screen.getByRole("link", { name: "https://n8n.example/x" }).closest("tr")!;
  expect(within(other).getByText("paused")).toBeInTheDocument();
  expect(await within(other).findByText("none yet")).toBeInTheDocument();
});

test("says so when there are no webhooks, and shows the server's error when the list fails", async () => {
  renderWithServer(<WebhooksView />, server([]));
  expect(await screen.findByText(/No webhooks yet/)).toBeInTheDocument();
  const denied = new TestServer().fail(WebhooksPageDocument, "Only admins may manage webhooks.", "FORBIDDEN");
  renderWithServer(<WebhooksView />, denied);
  expect(await screen.findByRole("alert")).toHaveTextContent("FORBIDDEN: Only admins may manage webhooks.");
});

test("a created webhook's secret is shown once, with a copy button, and is gone once dismissed", async () => {
  let hooks = [webhook("W1", "https://ci.example/hook")];
  const s = server().on(WebhooksPageDocument, () => ({ webhooks: hooks, webhookEvents: EVENTS }))
    .on(CreateWebhookDocument, ({ input }) => {
      const made = webhook("W2", input.url, { events: input.events });
      hooks = [...hooks, made];
      return { createWebhook: { secret: "whsec_abc123", webhook: { id: made.id, url: made.url } } };
    });
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  renderWithServer(<WebhooksView />, s);
  const form = await screen.findByRole("form", { name: "New webhook" });
  await userEvent.type(within(form).getByLabelText("URL"), "https://new.example/hook");
  await userEvent.click(within(form).getByRole("checkbox", { name: "ping" }));
  await userEvent.click(within(form).getByRole("checkbox", { name: "model_version.approved" }));
  await userEvent.type(within(form).getByLabelText("Description"), "CI");
  await userEvent.click(within(form).getByRole("button", { name: "Create webhook" }));

  const secret = await screen.findByRole("region", { name: "Signing secret" });
  expect(secret).toHaveFocus();
  expect(within(secret).getByTestId("webhook-secret")).toHaveTextContent("whsec_abc123");
  expect(secret).toHaveTextContent("you will not see it again");
  await userEvent.click(within(secret).getByRole("button", { name: "Copy secret" }));
  expect(writeText).toHaveBeenCalledWith("whsec_abc123");
  expect(within(secret).getByRole("status")).toHaveTextContent("Copied");
  // Events go in the server's order, whatever order they were ticked in.
  expect(s.called("CreateWebhook")[0]?.variables).toEqual({
    input: { url: "https://new.example/hook", events: ["model_version.approved", "ping"], description: "CI" },
  });
  expect(await screen.findByRole("link", { name: "https://new.example/hook" })).toBeInTheDocument();
  expect(within(screen.getByRole("form", { name: "New webhook" })).getByLabelText("URL")).toHaveValue("");

  await userEvent.click(within(secret).getByRole("button", { name: "I have stored it" }));
  expect(screen.queryByText("whsec_abc123")).not.toBeInTheDocument();
  expect(screen.queryByRole("region", { name: "Signing secret" })).not.toBeInTheDocument();
});

test("the server's events error is shown at the Events field and nothing is created", async () => {
  const s = server().fail(CreateWebhookDocument, "Subscribe to at least one event; known events: ping.", "BAD_USER_INPUT", "events");
  renderWithServer(<WebhooksView />, s);
  const form = await screen.findByRole("form", { name: "New webhook" });
  await userEvent.type(within(form).getByLabelText("URL"), "https://new.example/hook");
  await userEvent.click(within(form).getByRole("button", { name: "Create webhook" }));
  const events = within(form).getByRole("group", { name: "Events" });
  expect(await within(events).findByText("Subscribe to at least one event; known events: ping.")).toBeInTheDocument();
  expect(events).toHaveAttribute("aria-invalid", "true");
  expect(within(form).getByLabelText("URL")).toHaveAttribute("aria-invalid", "false");
  expect(within(form).getByLabelText("URL")).toHaveValue("https://new.example/hook");
  expect(screen.queryByRole("region", { name: "Signing secret" })).not.toBeInTheDocument();
});

test("a bad URL is shown at the URL field", async () => {
  const s = server().fail(CreateWebhookDocument, "The webhook URL must be an absolute http:// or https:// URL with a host.", "BAD_USER_INPUT", "url");
  renderWithServer(<WebhooksView />, s);
  const form = await screen.findByRole("form", { name: "New webhook" });
  await userEvent.type(within(form).getByLabelText("URL"), "https://x");
  await userEvent.click(within(form).getByRole("checkbox", { name: "ping" }));
  await userEvent.click(within(form).getByRole("button", { name: "Create webhook" }));
  await waitFor(() => expect(within(form).getByLabelText("URL")).toHaveAttribute("aria-invalid", "true"));
  expect(within(form).getByLabelText("URL")).toHaveAccessibleDescription(/must be an absolute/);
});

test("the whole list sorts by URL and filters by text and state, kept in the URL", async () => {
  const failed = { id: "D1", status: "FAILED" as const, createdAt: "2026-11-23T10:00:00Z" };
  renderWithServer(<WebhooksView />, server([
    webhook("W1", "https://b.example/hook", { lastDelivery: failed }),
    webhook("W2", "https://a.example/x", { active: false, description: "n8n relay" }),
    webhook("W3", "https://c.example/ci", { events: ["model_version.approved"] }),
  ]), { route: "/webhooks" });
  const table = await screen.findByRole("table", { name: "Webhooks, 3 of 3, by URL A to Z" });
  const urls = () => within(screen.getByRole("table")).getAllByRole("link").map((a) => a.textContent);
  expect(urls()).toEqual(["https://a.example/x", "https://b.example/hook", "https://c.example/ci"]);
  await userEvent.click(within(within(table).getByRole("columnheader", { name: /URL/ })).getByRole("button"));
  expect(urls()).toEqual(["https://c.example/ci", "https://b.example/hook", "https://a.example/x"]);
  expect(screen.getByRole("columnheader", { name: /URL/ })).toHaveAttribute("aria-sort", "descending");
  const filters = screen.getByRole("search", { name: "Filter webhooks" });
  await userEvent.type(within(filters).getByLabelText(/contains/), "relay");
  expect(urls()).toEqual(["https://a.example/x"]);
  await userEvent.clear(within(filters).getByLabelText(/contains/));
  await userEvent.selectOptions(within(filters).getByLabelText("Show"), "failing");
  expect(urls()).toEqual(["https://b.example/hook"]);
  expect(screen.getByRole("table", { name: "Webhooks (last delivery failed), 1 of 3, by URL Z to A" })).toBeInTheDocument();
  expect(screen.getByTestId("location")).toHaveTextContent("/webhooks?sort=URL_DESC&show=failing");
  await userEvent.type(within(filters).getByLabelText(/contains/), "model_version");
  expect(await screen.findByText("No webhook matches.")).toBeInTheDocument();
}, 20000);
