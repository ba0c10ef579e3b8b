// Webhook and delivery fixtures shaped like the server's answers.
export const EVENTS = ["model_version.approved", "deployment.live", "ping"];

type LastDelivery = { id: string; status: "PENDING" | "SUCCEEDED" | "FAILED"; createdAt: string } | null;

export const webhook = (id: string, url: string,
  over: Partial<{ events: string[]; active: boolean; description: string; lastDelivery: LastDelivery }> = {}) => ({
  id, url, events: ["deployment.live"], description: "", active: true, updatedAt: null, lastDelivery: null as LastDelivery, ...over,
});

/** The headers the worker sends, as `attemptLog.requestHeaders` returns them. */
export const sentHeaders = (id: string, event: string, signature: string): Record<string, string> => ({
  "Content-Type": "application/json", "User-Agent": "Slipway-Webhooks/1", "X-Slipway-Event": event, "X-Slipway-Delivery": id,
  "X-Slipway-Signature": signature,
});

export const delivery = (id: string, over: Partial<Record<string, unknown>> = {}) => ({
  id, event: "deployment.live", status: "FAILED" as const, attempts: 2, lastResponseCode: 500, lastError: "HTTP 500 from the receiver",
  nextAttemptAt: null, durationMs: 12.5, requestBody: `{"id":"${id}","event":"deployment.live","data":{"deploymentId":"D1"}}`,
  createdAt: "2026-11-23T10:00:00Z", finishedAt: "2026-11-23T10:00:20Z", redeliveryOfId: null,
  attemptLog: [
    { number: 1, startedAt: "2026-11-23T10:00:00Z", responseCode: 503, error: "HTTP 503 from the receiver", durationMs: 10,
      requestHeaders: sentHeaders(id, "deployment.live", "t=1700000000,v1=aaaa"), responseBody: "busy" },
    { number: 2, startedAt: "2026-11-23T10:00:10Z", responseCode: 500, error: "HTTP 500 from the receiver", durationMs: 12.5,
      requestHeaders: sentHeaders(id, "deployment.live", "t=1700000010,v1=bbbb"), responseBody: "receiver says no" },
  ],
  ...over,
});

export const page = <T,>(nodes: T[], hasNextPage = false, endCursor: string | null = null) => ({
  webhookDeliveries: { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage, endCursor } },
});
