// Set what is watched of a deployment: the share of requests logged, and the reference window
// (the last day of logged traffic, taken as what normal looks like). Shown only to whom the server
// says may (`viewerCanConfigure`).
import { useState } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation } from "../../../lib/hooks";

export const SetPayloadLoggingDocument = graphql(`
  mutation SetPayloadLogging($deploymentId: ID!, $samplePercent: Float!) {
    setPayloadLogging(deploymentId: $deploymentId, samplePercent: $samplePercent) { samplePercent }
  }
`);

export const SetDriftReferenceDocument = graphql(`
  mutation SetDriftReference($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {
    setDriftReference(deploymentId: $deploymentId, from: $from, to: $to) { referenceFrom referenceTo }
  }
`);

export function LoggingControls({ deploymentId, samplePercent, onChanged }: {
  deploymentId: string;
  samplePercent: number;
  onChanged: () => void;
}) {
  const [percent, setPercent] = useState(String(samplePercent));
  const [setLogging, logging] = useMutation(SetPayloadLoggingDocument);
  const [setReference, reference] = useMutation(SetDriftReferenceDocument);
  const save = () =>
    void setLogging({ deploymentId, samplePercent: Number(percent) }).then((done) => done && onChanged());
  const lastDay = () => {
    const to = new Date();
    const from = new Date(to.getTime() - 24 * 3600e3);
    void setReference({ deploymentId, from: from.toISOString(), to: to.toISOString() }).then((done) => done && onChanged());
  };
  return (
    <section className="panel stack" aria-label="Payload logging and reference">
      <div className="row">
        <label>
          Log this share of requests (%){" "}
          <input type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} style={{ width: "6em" }} />
        </label>{" "}
        <button type="button" onClick={save} disabled={logging.running}>Save</button>{" "}
        <button type="button" onClick={lastDay} disabled={reference.running}>Use the last 24 h as the reference</button>
      </div>
      {logging.error && <ErrorMessage error={logging.error} />}
      {reference.error && <ErrorMessage error={reference.error} />}
    </section>
  );
}
