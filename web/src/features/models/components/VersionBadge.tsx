// A version's status as a badge; the live one follows `modelVersionUpdated` until the status is final.
import { useState } from "react";
import { graphql } from "../../../gql";
import type { ModelVersionStatus } from "../../../gql/graphql";
import { useSubscription } from "../../../lib/hooks";

export const VersionWatchDocument = graphql(`
  subscription VersionWatch($id: ID!) {
    modelVersionUpdated(id: $id) { id status validatedAt }
  }
`);

const TONE: Record<ModelVersionStatus, string> = {
  VALIDATING: "busy", VALIDATED: "ok", VALIDATION_FAILED: "bad", PENDING_APPROVAL: "busy", APPROVED: "ok", REJECTED: "bad",
};

export const FINAL_VERSION = new Set<ModelVersionStatus>(["VALIDATION_FAILED", "APPROVED", "REJECTED"]);

export function VersionBadge({ status }: { status: ModelVersionStatus }) {
  return <span className={`badge ${TONE[status]}`}>{status.replace("_", " ")}</span>;
}

export function LiveVersionBadge({ id, status, onChange }: {
  id: string;
  status: ModelVersionStatus;
  onChange?: (status: ModelVersionStatus) => void;
}) {
  const [now, setNow] = useState(status);
  useSubscription(VersionWatchDocument, { id }, (d) => {
    setNow(d.modelVersionUpdated.status);
    onChange?.(d.modelVersionUpdated.status);
  }, { skip: FINAL_VERSION.has(now) });
  return <span aria-live="polite"><VersionBadge status={now} /></span>;
}
