// One model version: status (live), model card, validation report, timeline, and the actions
// the server says this viewer may take.
import { Link, useParams } from "react-router-dom";
import { FreshDownload } from "../../../components/FreshDownload";
import { QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useClient, useQuery } from "../../../lib/hooks";
import { VersionDeployments } from "../../deployments/components/VersionDeployments";
import { ApprovalTimeline } from "../components/ApprovalTimeline";
import { CardEditor } from "../components/CardEditor";
import { DecisionPanel } from "../components/DecisionPanel";
import { LineagePanel } from "../components/LineagePanel";
import { ModelCardView } from "../components/ModelCardView";
import { PromotionGates } from "../components/PromotionGates";
import { ReviewPanel } from "../components/ReviewPanel";
import { SecurityFindings } from "../components/SecurityFindings";
import { ValidationReport } from "../components/ValidationReport";
import { LiveVersionBadge } from "../components/VersionBadge";

export const VersionPageDocument = graphql(`
  query VersionPage($id: ID!) {
    me { id role canDecideApprovals }
    modelVersion(id: $id) {
      id
      version
      status
      description
      model { id name }
      report { ...ValidationReport_Check }
      card { viewerCanSubmit viewerCanApprove viewerCanEdit viewerCanRevise editable ...ModelCardView_Card }
      ...ApprovalTimeline_Version
      ...ReviewPanel_Version
      ...PromotionGates_Version
      ...SecurityFindings_Version
      ...VersionDeployments_Version
    }
  }
`);

/** A new presigned link on each read: asked when the button is pressed, not when the page loaded. */
export const VersionDownloadDocument = graphql(`
  query VersionDownload($id: ID!) {
    modelVersion(id: $id) { id downloadUrl }
  }
`);

export function VersionView() {
  const { id = "" } = useParams();
  const page = useQuery(VersionPageDocument, { id });
  const client = useClient();
  const download = async () => (await client.request(VersionDownloadDocument, { id })).modelVersion.downloadUrl;
  return (
    <>
    <QueryResult state={page} what="Loading the version">
      {({ me, modelVersion: v }) => (
        <>
          <p className="muted" style={{ margin: 0 }}><Link to={`/models/${encodeURIComponent(v.model.id)}`}>{v.model.name}</Link></p>
          <h1>
            {v.model.name} v{v.version}{" "}
            {/* Keyed by status: a refetch after a decision restarts the live badge from the new state. */}
            <LiveVersionBadge key={v.status} id={v.id} status={v.status} onChange={() => page.refetch()} />
          </h1>
          {v.description && <p>{v.description}</p>}
          <FreshDownload label="Download model" ariaLabel={`Download ${v.model.name} v${v.version} (.onnx)`} className="secondary" fetchUrl={download} />
          <DecisionPanel versionId={v.id} canSubmit={v.card.viewerCanSubmit} canApprove={v.card.viewerCanApprove} onDone={page.refetch}
            ownSubmission={v.status === "PENDING_APPROVAL" && me.canDecideApprovals && v.approvalRequest?.submittedBy.id === me.id} />
          <ReviewPanel version={v} />
          <PromotionGates version={v} onRefresh={page.refetch} />
          <SecurityFindings version={v} onChanged={page.refetch} />
          <ValidationReport checks={v.report} validating={v.status === "VALIDATING"} />
          <ApprovalTimeline version={v} />
          <VersionDeployments version={v} role={me.role} onChanged={page.refetch} />
          <LineagePanel versionId={v.id} isAdmin={me.role === "ADMIN"} />
          <ModelCardView card={v.card} approved={v.status === "APPROVED"} />
          {v.card.viewerCanEdit && v.card.editable && (
            <CardEditor versionId={v.id} card={v.card} onSaved={page.refetch} pending={v.status === "PENDING_APPROVAL"} />
          )}
          {v.card.viewerCanRevise && <CardEditor versionId={v.id} card={v.card} onSaved={page.refetch} correction />}
        </>
      )}
    </QueryResult>
    </>
  );
}
