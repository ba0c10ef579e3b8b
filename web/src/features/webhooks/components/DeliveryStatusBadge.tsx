// A delivery's status as a coloured badge with its name in words (never colour alone).
import type { WebhookDeliveryStatus } from "../../../gql/graphql";

const TONE: Record<WebhookDeliveryStatus, string> = { SUCCEEDED: "ok", FAILED: "bad", PENDING: "busy" };

export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryStatus }) {
  return <span className={`badge ${TONE[status]}`}>{status.toLowerCase()}</span>;
}
