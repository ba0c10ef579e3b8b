/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment Nav_Viewer on Viewer {\n    email\n    role\n    tenant { name }\n    canManageUsers\n    canReadAuditLog\n    canDecideApprovals\n    canExportHistory\n    canReadHistory\n    canReadModels\n    canManageWebhooks\n  }\n": typeof types.Nav_ViewerFragmentDoc,
    "\n  query Shell {\n    me { id ...Nav_Viewer }\n  }\n": typeof types.ShellDocument,
    "\n  mutation ExportHistory($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {\n    exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) { ...ExportStatus_Export }\n  }\n": typeof types.ExportHistoryDocument,
    "\n  subscription ExportWatch($id: ID!) {\n    exportUpdated(id: $id) { ...ExportStatus_Export }\n  }\n": typeof types.ExportWatchDocument,
    "\n  mutation RetryExport($id: ID!) {\n    retryExport(id: $id) { ...ExportStatus_Export }\n  }\n": typeof types.RetryExportDocument,
    "\n  fragment ExportStatus_Export on HistoryExport {\n    id\n    status\n    progress\n    rowCount\n    sizeBytes\n    error\n    downloadUrl\n  }\n": typeof types.ExportStatus_ExportFragmentDoc,
    "\n  fragment HistoryChart_Series on HistorySeries {\n    tag { id name unit }\n    packed { timesMs min max avg }\n  }\n": typeof types.HistoryChart_SeriesFragmentDoc,
    "\n  fragment HistoryChart_Event on AssetEvent {\n    id kind label startsAt endsAt\n    tag { id name }\n  }\n": typeof types.HistoryChart_EventFragmentDoc,
    "\n  query AssetPage($id: ID!) {\n    asset(id: $id) {\n      id name site kind description viewerCanExport\n      tags { id name unit description }\n    }\n  }\n": typeof types.AssetPageDocument,
    "\n  query AssetHistory($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!]) {\n    asset(id: $id) {\n      id\n      history(from: $from, to: $to, tags: $tags) {\n        bucketSeconds\n        series { ...HistoryChart_Series }\n      }\n      events(from: $from, to: $to) { ...HistoryChart_Event }\n    }\n  }\n": typeof types.AssetHistoryDocument,
    "\n  query AssetsPage($search: String, $after: String) {\n    assets(search: $search, first: 50, after: $after) {\n      edges { node { id name site kind description } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AssetsPageDocument,
    "\n  query MyExports($status: ExportStatus, $after: String) {\n    myExports(first: 20, after: $after, status: $status) {\n      edges {\n        node {\n          ...ExportStatus_Export\n          from\n          to\n          createdAt\n          asset { id name }\n          tags { name }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.MyExportsDocument,
    "\n  query ExportsViewer {\n    me { id role canExportHistory }\n  }\n": typeof types.ExportsViewerDocument,
    "\n  query ExportDownload($id: ID!) {\n    historyExport(id: $id) { id downloadUrl }\n  }\n": typeof types.ExportDownloadDocument,
    "\n  fragment AuditTable_Entry on AuditEntry {\n    seq\n    occurredAt\n    actorEmail\n    action\n    targetType\n    targetId\n    details\n    requestId\n  }\n": typeof types.AuditTable_EntryFragmentDoc,
    "\n  query AuditPage($after: String, $action: String, $actorId: ID, $targetId: String) {\n    auditLog(first: 25, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {\n      edges { node { ...AuditTable_Entry } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditPageDocument,
    "\n  query AuditActors($after: String) {\n    users(first: 100, after: $after) {\n      edges { node { id email } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditActorsDocument,
    "\n  query AuditViewer {\n    me { id role canReadAuditLog }\n  }\n": typeof types.AuditViewerDocument,
    "\n  fragment CanaryProgress_Deployment on Deployment {\n    status\n    canarySteps\n    trafficPercent\n  }\n": typeof types.CanaryProgress_DeploymentFragmentDoc,
    "\n  mutation DeployVersion($input: DeployModelVersionInput!) {\n    deployModelVersion(input: $input) { id status environment }\n  }\n": typeof types.DeployVersionDocument,
    "\n  mutation RollbackDeployment($id: ID!, $reason: String!) {\n    rollbackDeployment(id: $id, reason: $reason) { id status message }\n  }\n": typeof types.RollbackDeploymentDocument,
    "\n  mutation RetireDeployment($id: ID!) {\n    retireDeployment(id: $id) { id status message }\n  }\n": typeof types.RetireDeploymentDocument,
    "\n  query DeploymentHistory($modelId: ID!, $environment: Environment, $status: DeploymentStatus, $after: String) {\n    deployments(modelId: $modelId, environment: $environment, status: $status, first: 25, after: $after) {\n      edges {\n        node { id environment strategy status trafficPercent createdAt version { id version } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DeploymentHistoryDocument,
    "\n  fragment DeploymentTimeline_Deployment on Deployment {\n    events { at status trafficPercent message }\n  }\n": typeof types.DeploymentTimeline_DeploymentFragmentDoc,
    "\n  fragment EnvironmentPanel_Deployment on Deployment {\n    id\n    environment\n    strategy\n    status\n    trafficPercent\n    endpointUrl\n    message\n    createdAt\n    createdBy { id email }\n    version { id version }\n    previous { id version { id version } }\n    viewerCanRollback\n    viewerCanRetire\n    ...CanaryProgress_Deployment\n  }\n": typeof types.EnvironmentPanel_DeploymentFragmentDoc,
    "\n  fragment EnvironmentNow_Endpoint on ActiveEndpoint {\n    endpointUrl\n    trafficPercent\n    versionNumber\n    version { id }\n    deployment { ...EnvironmentPanel_Deployment }\n    canary {\n      endpointUrl\n      trafficPercent\n      versionNumber\n      version { id }\n      deployment { ...EnvironmentPanel_Deployment }\n    }\n  }\n": typeof types.EnvironmentNow_EndpointFragmentDoc,
    "\n  query ActiveEnvironments($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      modelName\n      production { ...EnvironmentNow_Endpoint }\n      staging { ...EnvironmentNow_Endpoint }\n    }\n  }\n": typeof types.ActiveEnvironmentsDocument,
    "\n  query ScoringAssets {\n    assets(first: 100) { edges { node { id name } } }\n  }\n": typeof types.ScoringAssetsDocument,
    "\n  mutation StartScoringRun($input: StartScoringRunInput!) {\n    startScoringRun(input: $input) { ...ScoringRunStatus_Run }\n  }\n": typeof types.StartScoringRunDocument,
    "\n  fragment ScoringRunStatus_Run on ScoringRun {\n    id\n    status\n    message\n    windows\n    skippedWindows\n    from\n    to\n    asset { id name }\n  }\n": typeof types.ScoringRunStatus_RunFragmentDoc,
    "\n  subscription ScoringRunWatch($id: ID!) {\n    scoringRunUpdated(id: $id) { ...ScoringRunStatus_Run }\n  }\n": typeof types.ScoringRunWatchDocument,
    "\n  fragment ShadowCharts_Comparison on WindowComparison {\n    totalWindows\n    offset\n    windows\n    production\n    shadows { version { id version } values }\n  }\n": typeof types.ShadowCharts_ComparisonFragmentDoc,
    "\n  fragment ShadowCharts_Trend on ShadowTrend {\n    version { id version }\n    at\n    agreementRate\n    meanAbsDifference\n    latencyP95Ms\n    productionLatencyP95Ms\n  }\n": typeof types.ShadowCharts_TrendFragmentDoc,
    "\n  fragment ShadowPanel_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    viewerCanSetStage\n  }\n": typeof types.ShadowPanel_VersionFragmentDoc,
    "\n  query ActiveEndpoints($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      shadows { version { id } endpointUrl }\n    }\n  }\n": typeof types.ActiveEndpointsDocument,
    "\n  mutation SetVersionStage($versionId: ID!, $stage: ModelStage!) {\n    setModelVersionStage(versionId: $versionId, stage: $stage) { id stage }\n  }\n": typeof types.SetVersionStageDocument,
    "\n  fragment VersionDeployments_Version on ModelVersion {\n    id\n    version\n    stage\n    viewerCanDeployStaging\n    viewerCanDeployProduction\n    viewerCanSetStage\n    model { id name }\n    deployments { id environment strategy status trafficPercent endpointUrl createdAt }\n  }\n": typeof types.VersionDeployments_VersionFragmentDoc,
    "\n  subscription ModelDeploymentsChanged($modelId: ID!) {\n    deploymentsChanged(modelId: $modelId) { id status trafficPercent }\n  }\n": typeof types.ModelDeploymentsChangedDocument,
    "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      status\n      environment\n      model { id name }\n      version { id version }\n      ...EnvironmentPanel_Deployment\n      ...DeploymentTimeline_Deployment\n    }\n  }\n": typeof types.DeploymentPageDocument,
    "\n  subscription DeploymentWatch($id: ID!) {\n    deploymentUpdated(id: $id) { id status trafficPercent message }\n  }\n": typeof types.DeploymentWatchDocument,
    "\n  query ModelDeployments($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      versions { ...ShadowPanel_Version }\n    }\n    deployments(modelId: $id, first: 50) {\n      edges { node { ...EnvironmentPanel_Deployment } }\n    }\n  }\n": typeof types.ModelDeploymentsDocument,
    "\n  query ShadowModel($id: ID!) {\n    model(id: $id) { id name }\n  }\n": typeof types.ShadowModelDocument,
    "\n  query ShadowReport($modelName: String!, $windowsFrom: Int! = 0) {\n    shadowReport(modelName: $modelName) {\n      modelName\n      production { id version }\n      shadows { id version viewerCanSetStage }\n      latestRun {\n        id\n        productionLatencyP50Ms\n        productionLatencyP95Ms\n        metrics { version { id version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }\n        ...ScoringRunStatus_Run\n      }\n      latestComparison(first: 5000, offset: $windowsFrom) { ...ShadowCharts_Comparison }\n      trend { ...ShadowCharts_Trend }\n      runs { id createdAt ...ScoringRunStatus_Run }\n    }\n  }\n": typeof types.ShadowReportDocument,
    "\n  query RunEpisodes($assetId: ID!, $from: DateTime!, $to: DateTime!) {\n    asset(id: $assetId) {\n      id\n      events(from: $from, to: $to) { id label startsAt endsAt }\n    }\n  }\n": typeof types.RunEpisodesDocument,
    "\n  mutation SendPing($message: String!) {\n    ping(message: $message) { id status }\n  }\n": typeof types.SendPingDocument,
    "\n  subscription PingWatch($id: ID!) {\n    pingUpdated(id: $id) { id status completedAt }\n  }\n": typeof types.PingWatchDocument,
    "\n  fragment Overview_Deployment on Deployment {\n    id environment status trafficPercent message updatedAt\n    model { id name }\n    version { id version }\n  }\n": typeof types.Overview_DeploymentFragmentDoc,
    "\n  query OverviewDeployments {\n    live: deployments(status: LIVE, first: 50) { edges { node { ...Overview_Deployment } } pageInfo { hasNextPage } }\n    rolling: deployments(status: ROLLING_OUT, first: 20) { edges { node { ...Overview_Deployment } } }\n    failed: deployments(status: FAILED, first: 5) { edges { node { ...Overview_Deployment } } }\n    rolledBack: deployments(status: ROLLED_BACK, first: 5) { edges { node { ...Overview_Deployment } } }\n  }\n": typeof types.OverviewDeploymentsDocument,
    "\n  query OverviewCases($me: ID!) {\n    open: cases(assigneeId: $me, status: OPEN, first: 10) { edges { node { id title status updatedAt } } pageInfo { hasNextPage } }\n    review: cases(assigneeId: $me, status: IN_REVIEW, first: 10) { edges { node { id title status updatedAt } } }\n  }\n": typeof types.OverviewCasesDocument,
    "\n  query OverviewMyModels {\n    models(mine: true, first: 8) {\n      edges { node { id name versions(first: 3) { id version status stage } } }\n      pageInfo { hasNextPage }\n    }\n  }\n": typeof types.OverviewMyModelsDocument,
    "\n  query OverviewApprovals {\n    approvalRequests(status: PENDING, first: 50) {\n      edges {\n        node {\n          id createdAt submittedBy { id email }\n          version { id version model { id name } card { viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": typeof types.OverviewApprovalsDocument,
    "\n  query OverviewExports {\n    myExports(first: 5) { edges { node { id status progress rowCount createdAt asset { id name } } } }\n  }\n": typeof types.OverviewExportsDocument,
    "\n  query Overview {\n    me {\n      id email role tenant { name slug }\n      canManageUsers canReadAuditLog canDecideApprovals canUploadModels canDeploy canExportHistory canLabel canReadModels\n      canReadHistory\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  fragment UserTable_User on User {\n    id\n    email\n    role\n    isActive\n    createdAt\n  }\n": typeof types.UserTable_UserFragmentDoc,
    "\n  query UsersViewer {\n    me { id role canManageUsers }\n  }\n": typeof types.UsersViewerDocument,
    "\n  query UsersPage($after: String, $search: String, $role: Role, $orderBy: UserOrder!) {\n    users(first: 50, after: $after, search: $search, role: $role, orderBy: $orderBy) {\n      edges { node { ...UserTable_User } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.UsersPageDocument,
    "\n  mutation AddUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n": typeof types.AddUserDocument,
    "\n  query CaseAssignees($after: String) {\n    caseAssignees(first: 100, after: $after) { edges { node { id email role } } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.CaseAssigneesDocument,
    "\n  mutation AssignCase($id: ID!, $assigneeId: ID) {\n    assignCase(id: $id, assigneeId: $assigneeId) { id assignee { id email } }\n  }\n": typeof types.AssignCaseDocument,
    "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {\n    setCaseStatus(id: $id, status: $status) { id status }\n  }\n": typeof types.SetCaseStatusDocument,
    "\n  fragment LabelHistory_Label on Label {\n    id\n    version\n    comment\n    createdAt\n    author { id email }\n    mask { url filename }\n  }\n": typeof types.LabelHistory_LabelFragmentDoc,
    "\n  mutation SetCaseLabelNames($id: ID!, $names: [LabelNameInput!]!) {\n    setCaseLabelNames(id: $id, names: $names) { id labelClasses { ...Legend_LabelClass } }\n  }\n": typeof types.SetCaseLabelNamesDocument,
    "\n  query LabelSets($after: String) {\n    me { id canUploadModels canManageCases }\n    labelSets(first: 20, after: $after) {\n      edges { node { id name description caseCount sha256 createdAt createdBy { email } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.LabelSetsDocument,
    "\n  mutation CreateLabelSet($name: String!, $description: String!) {\n    createLabelSet(name: $name, description: $description) { id name caseCount }\n  }\n": typeof types.CreateLabelSetDocument,
    "\n  mutation DeleteLabelSet($id: ID!) { deleteLabelSet(id: $id) }\n": typeof types.DeleteLabelSetDocument,
    "\n  fragment Legend_LabelClass on LabelClass { value name color }\n": typeof types.Legend_LabelClassFragmentDoc,
    "\n  mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID, $labelValues: [Int!], $labelNames: [LabelNameInput!]) {\n    createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId, labelValues: $labelValues, labelNames: $labelNames) {\n      id title\n    }\n  }\n": typeof types.CreateCaseDocument,
    "\n  query CasePage($id: ID!) {\n    case(id: $id) {\n      id title status shape labelValues viewerCanLabel viewerCanManage\n      labelClasses { ...Legend_LabelClass }\n      assignee { id email }\n      currentLabel { id version }\n      artifacts { kind url }\n      labels { ...LabelHistory_Label }\n    }\n  }\n": typeof types.CasePageDocument,
    "\n  mutation SaveLabel($caseId: ID!, $mask: Upload!, $base: ID, $key: String!, $comment: String!) {\n    saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $base, idempotencyKey: $key, comment: $comment) {\n      replayed\n      label { id version }\n    }\n  }\n": typeof types.SaveLabelDocument,
    "\n  subscription LabelSaved($caseId: ID!) {\n    labelSaved(caseId: $caseId) { id version author { email } }\n  }\n": typeof types.LabelSavedDocument,
    "\n  query NextCase($after: ID) {\n    nextCase(after: $after) { id title }\n  }\n": typeof types.NextCaseDocument,
    "\n  query CasesPage($status: CaseStatus, $mine: Boolean!, $after: String) {\n    cases(first: 25, after: $after, status: $status, assignedToMe: $mine) {\n      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.CasesPageDocument,
    "\n  query CasesViewer { me { id canManageCases } }\n": typeof types.CasesViewerDocument,
    "\n  fragment ApprovalTimeline_Version on ModelVersion {\n    createdAt\n    validatedAt\n    status\n    approvalRequest {\n      id status comment createdAt decisionComment decidedAt\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    approvalHistory {\n      id status comment createdAt decisionComment decidedAt withdrawnAt cardRevision\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    cardHistory { revision at byEmail correction withdrewApproval reason changes { field } }\n  }\n": typeof types.ApprovalTimeline_VersionFragmentDoc,
    "\n  mutation UpdateCard($id: ID!, $input: ModelCardInput!) {\n    updateModelCard(versionId: $id, input: $input) { id }\n  }\n": typeof types.UpdateCardDocument,
    "\n  mutation ReviseCard($id: ID!, $input: ModelCardInput!, $reason: String!) {\n    reviseModelCard(versionId: $id, input: $input, reason: $reason) { id status }\n  }\n": typeof types.ReviseCardDocument,
    "\n  fragment CompareTable_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    description\n    createdAt\n    uploadedBy { id email }\n    card {\n      inputs { name dtype shape }\n      outputs { name dtype shape }\n      opsets { domain version }\n      producer\n      irVersion\n      parameterCount\n      sizeBytes\n      sha256\n      latencyP50Ms\n      latencyP95Ms\n      intendedUse\n      trainingData\n      metrics\n      limitations\n    }\n    report { name status message }\n    deployments { id environment status trafficPercent }\n  }\n": typeof types.CompareTable_VersionFragmentDoc,
    "\n  fragment CompareTable_Run on ScoringRun {\n    id\n    status\n    createdAt\n    finishedAt\n    windows\n    productionVersion { id version }\n    metrics { windows agreementRate meanAbsDifference latencyP95Ms version { id } }\n  }\n": typeof types.CompareTable_RunFragmentDoc,
    "\n  mutation SubmitVersion($id: ID!, $comment: String!) {\n    submitForApproval(versionId: $id, comment: $comment) { id status }\n  }\n": typeof types.SubmitVersionDocument,
    "\n  mutation ApproveVersion($id: ID!, $comment: String!) {\n    approveModelVersion(id: $id, comment: $comment) { id status }\n  }\n": typeof types.ApproveVersionDocument,
    "\n  mutation RejectVersion($id: ID!, $comment: String!) {\n    rejectModelVersion(id: $id, comment: $comment) { id status }\n  }\n": typeof types.RejectVersionDocument,
    "\n  query VersionLineage($id: ID!) {\n    modelVersion(id: $id) {\n      id\n      version\n      model { id name }\n      lineage {\n        nodes { id kind label detail href }\n        edges { source target }\n      }\n    }\n  }\n": typeof types.VersionLineageDocument,
    "\n  query VersionDossier($id: ID!) {\n    versionDossier(versionId: $id) { digest document }\n  }\n": typeof types.VersionDossierDocument,
    "\n  fragment ModelCardView_Card on ModelCard {\n    inputs { name dtype shape }\n    outputs { name dtype shape }\n    opsets { domain version }\n    producer\n    irVersion\n    parameterCount\n    sizeBytes\n    sha256\n    latencyP50Ms\n    latencyP95Ms\n    intendedUse\n    trainingData\n    metrics\n    limitations\n    revision\n  }\n": typeof types.ModelCardView_CardFragmentDoc,
    "\n  fragment PromotionPolicyFields on PromotionPolicy {\n    modelId source requiredApprovals approverRoles requireValidation requiredCardFields\n    minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings updatedAt viewerCanEdit\n  }\n": typeof types.PromotionPolicyFieldsFragmentDoc,
    "\n  query PromotionPolicy($modelId: ID) {\n    promotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n": typeof types.PromotionPolicyDocument,
    "\n  mutation SetPromotionPolicy($modelId: ID, $input: PromotionPolicyInput!) {\n    setPromotionPolicy(modelId: $modelId, input: $input) { ...PromotionPolicyFields }\n  }\n": typeof types.SetPromotionPolicyDocument,
    "\n  mutation ClearPromotionPolicy($modelId: ID!) {\n    clearPromotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n": typeof types.ClearPromotionPolicyDocument,
    "\n  fragment PromotionGates_Version on ModelVersion {\n    id\n    status\n    model { id name }\n    promotionGates {\n      passed\n      evaluatedAt\n      gates { gate title passed reason }\n      policy { source requiredApprovals approverRoles viewerCanEdit }\n    }\n  }\n": typeof types.PromotionGates_VersionFragmentDoc,
    "\n  fragment CardChangeFields on CardChange { field before after }\n": typeof types.CardChangeFieldsFragmentDoc,
    "\n  fragment ReviewPanel_Version on ModelVersion {\n    approvalRequest {\n      id status cardRevision cardSha256 reportSha256 fileSha256 requiredApprovals approverRoles approvals withdrawnAt\n      decisions { approve comment createdAt user { id email } }\n      changesSinceLastDecision { ...CardChangeFields }\n      withdrawalChanges { ...CardChangeFields }\n    }\n  }\n": typeof types.ReviewPanel_VersionFragmentDoc,
    "\n  fragment SecurityFindings_Version on ModelVersion {\n    id\n    viewerCanReportFinding\n    securityFindings { id severity title detail status resolution createdAt resolvedAt viewerCanResolve reportedBy { id email } }\n  }\n": typeof types.SecurityFindings_VersionFragmentDoc,
    "\n  mutation ReportFinding($versionId: ID!, $severity: FindingSeverity!, $title: String!, $detail: String!) {\n    reportSecurityFinding(versionId: $versionId, severity: $severity, title: $title, detail: $detail) { id status }\n  }\n": typeof types.ReportFindingDocument,
    "\n  mutation ResolveFinding($id: ID!, $resolution: String!) {\n    resolveSecurityFinding(id: $id, resolution: $resolution) { id status }\n  }\n": typeof types.ResolveFindingDocument,
    "\n  fragment ValidationReport_Check on ValidationCheck {\n    name\n    status\n    message\n  }\n": typeof types.ValidationReport_CheckFragmentDoc,
    "\n  subscription VersionWatch($id: ID!) {\n    modelVersionUpdated(id: $id) { id status validatedAt }\n  }\n": typeof types.VersionWatchDocument,
    "\n  query ApprovalQueue($orderBy: ApprovalOrder!, $after: String) {\n    me { id }\n    approvalRequests(status: PENDING, first: 25, after: $after, orderBy: $orderBy) {\n      edges {\n        node {\n          id comment createdAt submittedBy { id email }\n          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ApprovalQueueDocument,
    "\n  subscription ApprovalQueueChanged {\n    approvalRequestsChanged { id status }\n  }\n": typeof types.ApprovalQueueChangedDocument,
    "\n  query ComparePage($id: ID!) {\n    model(id: $id) { id name versions { id version status } }\n    scoringRuns(modelId: $id, first: 20) { edges { node { ...CompareTable_Run } } }\n  }\n": typeof types.ComparePageDocument,
    "\n  query CompareVersion($id: ID!) {\n    modelVersion(id: $id) { ...CompareTable_Version }\n  }\n": typeof types.CompareVersionDocument,
    "\n  query ModelPage($id: ID!) {\n    me { id canUploadModels }\n    model(id: $id) {\n      id name description tags createdAt\n      versions { id version status stage description createdAt }\n    }\n  }\n": typeof types.ModelPageDocument,
    "\n  query ModelsPage($search: String, $status: ModelVersionStatus, $orderBy: ModelOrder!, $after: String) {\n    me { id canUploadModels }\n    models(first: 25, after: $after, search: $search, status: $status, orderBy: $orderBy) {\n      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ModelsPageDocument,
    "\n  query UploadTargets {\n    me { id role canUploadModels }\n    models(first: 100) { edges { node { id name latestVersion } } }\n  }\n": typeof types.UploadTargetsDocument,
    "\n  mutation RegisterModel($name: String!, $description: String!, $tags: [String!]) {\n    registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }\n  }\n": typeof types.RegisterModelDocument,
    "\n  mutation UploadVersion($file: Upload!, $modelId: ID!, $description: String!, $key: String) {\n    uploadModelVersion(file: $file, modelId: $modelId, description: $description, idempotencyKey: $key) {\n      replayed\n      version { id }\n    }\n  }\n": typeof types.UploadVersionDocument,
    "\n  query VersionPage($id: ID!) {\n    me { id role canDecideApprovals }\n    modelVersion(id: $id) {\n      id\n      version\n      status\n      description\n      model { id name }\n      report { ...ValidationReport_Check }\n      card { viewerCanSubmit viewerCanApprove viewerCanEdit viewerCanRevise editable ...ModelCardView_Card }\n      ...ApprovalTimeline_Version\n      ...ReviewPanel_Version\n      ...PromotionGates_Version\n      ...SecurityFindings_Version\n      ...VersionDeployments_Version\n    }\n  }\n": typeof types.VersionPageDocument,
    "\n  query VersionDownload($id: ID!) {\n    modelVersion(id: $id) { id downloadUrl }\n  }\n": typeof types.VersionDownloadDocument,
    "\n  query DeploymentAlerts($deploymentId: ID!) {\n    alerts(deploymentId: $deploymentId, first: 50) {\n      edges { node { id feature kind status metric value threshold createdAt closedAt acknowledgedAt viewerCanAcknowledge } }\n    }\n  }\n": typeof types.DeploymentAlertsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) { id acknowledgedAt viewerCanAcknowledge }\n  }\n": typeof types.AcknowledgeAlertDocument,
    "\n  subscription AlertUpdated($deploymentId: ID!) {\n    alertUpdated(deploymentId: $deploymentId) { id status }\n  }\n": typeof types.AlertUpdatedDocument,
    "\n  fragment FeatureDriftPanel_FeatureDrift on FeatureDrift {\n    name\n    kind\n    featureType\n    points { at psi ksStatistic ksPValue chiSquarePValue drifted liveCount referenceCount }\n    histogram { edges categories live reference }\n  }\n": typeof types.FeatureDriftPanel_FeatureDriftFragmentDoc,
    "\n  mutation SetPayloadLogging($deploymentId: ID!, $samplePercent: Float!) {\n    setPayloadLogging(deploymentId: $deploymentId, samplePercent: $samplePercent) { samplePercent }\n  }\n": typeof types.SetPayloadLoggingDocument,
    "\n  mutation SetDriftReference($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    setDriftReference(deploymentId: $deploymentId, from: $from, to: $to) { referenceFrom referenceTo }\n  }\n": typeof types.SetDriftReferenceDocument,
    "\n  fragment TrafficPanel_VersionTraffic on VersionTraffic {\n    version\n    requests\n    errors\n    errorRate\n    points { at requests errorRate latencyP50Ms latencyP95Ms }\n  }\n": typeof types.TrafficPanel_VersionTrafficFragmentDoc,
    "\n  query MonitoringDeployments($id: ID!) {\n    model(id: $id) { id name }\n    deployments(modelId: $id, status: LIVE, first: 10) {\n      edges { node { id environment version { id version } } }\n    }\n  }\n": typeof types.MonitoringDeploymentsDocument,
    "\n  query MonitoringReport($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    monitoringReport(deploymentId: $deploymentId, from: $from, to: $to) {\n      deploymentId\n      logging { samplePercent referenceFrom referenceTo }\n      reference { kind description liveFrom liveTo note }\n      thresholds { psi ksStatistic pValue }\n      features { name kind ...FeatureDriftPanel_FeatureDrift }\n      versions { version ...TrafficPanel_VersionTraffic }\n      viewerCanConfigure\n    }\n  }\n": typeof types.MonitoringReportDocument,
    "\n  fragment TokenTable_PersonalAccessToken on PersonalAccessToken {\n    id\n    name\n    prefix\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    isActive\n  }\n": typeof types.TokenTable_PersonalAccessTokenFragmentDoc,
    "\n  query AccessTokens {\n    personalAccessTokens { ...TokenTable_PersonalAccessToken }\n  }\n": typeof types.AccessTokensDocument,
    "\n  mutation CreateAccessToken($name: String!, $expiresInDays: Int!) {\n    createPersonalAccessToken(name: $name, expiresInDays: $expiresInDays) {\n      secret\n      token { id name }\n    }\n  }\n": typeof types.CreateAccessTokenDocument,
    "\n  mutation RevokeAccessToken($id: ID!) {\n    revokePersonalAccessToken(id: $id) { id revokedAt isActive }\n  }\n": typeof types.RevokeAccessTokenDocument,
    "\n  fragment DeliveryLog_Delivery on WebhookDelivery {\n    id\n    event\n    status\n    attempts\n    lastResponseCode\n    lastError\n    nextAttemptAt\n    durationMs\n    requestBody\n    createdAt\n    finishedAt\n    redeliveryOfId\n    attemptLog { number startedAt responseCode error durationMs requestHeaders responseBody }\n  }\n": typeof types.DeliveryLog_DeliveryFragmentDoc,
    "\n  fragment WebhookForm_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n  }\n": typeof types.WebhookForm_WebhookFragmentDoc,
    "\n  fragment WebhookTable_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n    lastDelivery { id status createdAt }\n  }\n": typeof types.WebhookTable_WebhookFragmentDoc,
    "\n  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {\n      edges { node { ...DeliveryLog_Delivery } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebhookDeliveriesPageDocument,
    "\n  subscription WebhookDeliveryUpdated($webhookId: ID!) {\n    webhookDeliveryUpdated(webhookId: $webhookId) { ...DeliveryLog_Delivery }\n  }\n": typeof types.WebhookDeliveryUpdatedDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_Delivery }\n  }\n": typeof types.RedeliverWebhookDocument,
    "\n  query WebhookPage($id: ID!) {\n    webhook(id: $id) { id url updatedAt ...WebhookForm_Webhook }\n    webhookEvents\n  }\n": typeof types.WebhookPageDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url updatedAt ...WebhookForm_Webhook }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) { secret webhook { id url } }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { id status } }\n": typeof types.PingWebhookDocument,
    "\n  query WebhooksPage {\n    webhooks { ...WebhookTable_Webhook }\n    webhookEvents\n  }\n": typeof types.WebhooksPageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n": typeof types.CreateWebhookDocument,
};
const documents: Documents = {
    "\n  fragment Nav_Viewer on Viewer {\n    email\n    role\n    tenant { name }\n    canManageUsers\n    canReadAuditLog\n    canDecideApprovals\n    canExportHistory\n    canReadHistory\n    canReadModels\n    canManageWebhooks\n  }\n": types.Nav_ViewerFragmentDoc,
    "\n  query Shell {\n    me { id ...Nav_Viewer }\n  }\n": types.ShellDocument,
    "\n  mutation ExportHistory($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {\n    exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) { ...ExportStatus_Export }\n  }\n": types.ExportHistoryDocument,
    "\n  subscription ExportWatch($id: ID!) {\n    exportUpdated(id: $id) { ...ExportStatus_Export }\n  }\n": types.ExportWatchDocument,
    "\n  mutation RetryExport($id: ID!) {\n    retryExport(id: $id) { ...ExportStatus_Export }\n  }\n": types.RetryExportDocument,
    "\n  fragment ExportStatus_Export on HistoryExport {\n    id\n    status\n    progress\n    rowCount\n    sizeBytes\n    error\n    downloadUrl\n  }\n": types.ExportStatus_ExportFragmentDoc,
    "\n  fragment HistoryChart_Series on HistorySeries {\n    tag { id name unit }\n    packed { timesMs min max avg }\n  }\n": types.HistoryChart_SeriesFragmentDoc,
    "\n  fragment HistoryChart_Event on AssetEvent {\n    id kind label startsAt endsAt\n    tag { id name }\n  }\n": types.HistoryChart_EventFragmentDoc,
    "\n  query AssetPage($id: ID!) {\n    asset(id: $id) {\n      id name site kind description viewerCanExport\n      tags { id name unit description }\n    }\n  }\n": types.AssetPageDocument,
    "\n  query AssetHistory($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!]) {\n    asset(id: $id) {\n      id\n      history(from: $from, to: $to, tags: $tags) {\n        bucketSeconds\n        series { ...HistoryChart_Series }\n      }\n      events(from: $from, to: $to) { ...HistoryChart_Event }\n    }\n  }\n": types.AssetHistoryDocument,
    "\n  query AssetsPage($search: String, $after: String) {\n    assets(search: $search, first: 50, after: $after) {\n      edges { node { id name site kind description } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AssetsPageDocument,
    "\n  query MyExports($status: ExportStatus, $after: String) {\n    myExports(first: 20, after: $after, status: $status) {\n      edges {\n        node {\n          ...ExportStatus_Export\n          from\n          to\n          createdAt\n          asset { id name }\n          tags { name }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.MyExportsDocument,
    "\n  query ExportsViewer {\n    me { id role canExportHistory }\n  }\n": types.ExportsViewerDocument,
    "\n  query ExportDownload($id: ID!) {\n    historyExport(id: $id) { id downloadUrl }\n  }\n": types.ExportDownloadDocument,
    "\n  fragment AuditTable_Entry on AuditEntry {\n    seq\n    occurredAt\n    actorEmail\n    action\n    targetType\n    targetId\n    details\n    requestId\n  }\n": types.AuditTable_EntryFragmentDoc,
    "\n  query AuditPage($after: String, $action: String, $actorId: ID, $targetId: String) {\n    auditLog(first: 25, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {\n      edges { node { ...AuditTable_Entry } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditPageDocument,
    "\n  query AuditActors($after: String) {\n    users(first: 100, after: $after) {\n      edges { node { id email } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditActorsDocument,
    "\n  query AuditViewer {\n    me { id role canReadAuditLog }\n  }\n": types.AuditViewerDocument,
    "\n  fragment CanaryProgress_Deployment on Deployment {\n    status\n    canarySteps\n    trafficPercent\n  }\n": types.CanaryProgress_DeploymentFragmentDoc,
    "\n  mutation DeployVersion($input: DeployModelVersionInput!) {\n    deployModelVersion(input: $input) { id status environment }\n  }\n": types.DeployVersionDocument,
    "\n  mutation RollbackDeployment($id: ID!, $reason: String!) {\n    rollbackDeployment(id: $id, reason: $reason) { id status message }\n  }\n": types.RollbackDeploymentDocument,
    "\n  mutation RetireDeployment($id: ID!) {\n    retireDeployment(id: $id) { id status message }\n  }\n": types.RetireDeploymentDocument,
    "\n  query DeploymentHistory($modelId: ID!, $environment: Environment, $status: DeploymentStatus, $after: String) {\n    deployments(modelId: $modelId, environment: $environment, status: $status, first: 25, after: $after) {\n      edges {\n        node { id environment strategy status trafficPercent createdAt version { id version } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DeploymentHistoryDocument,
    "\n  fragment DeploymentTimeline_Deployment on Deployment {\n    events { at status trafficPercent message }\n  }\n": types.DeploymentTimeline_DeploymentFragmentDoc,
    "\n  fragment EnvironmentPanel_Deployment on Deployment {\n    id\n    environment\n    strategy\n    status\n    trafficPercent\n    endpointUrl\n    message\n    createdAt\n    createdBy { id email }\n    version { id version }\n    previous { id version { id version } }\n    viewerCanRollback\n    viewerCanRetire\n    ...CanaryProgress_Deployment\n  }\n": types.EnvironmentPanel_DeploymentFragmentDoc,
    "\n  fragment EnvironmentNow_Endpoint on ActiveEndpoint {\n    endpointUrl\n    trafficPercent\n    versionNumber\n    version { id }\n    deployment { ...EnvironmentPanel_Deployment }\n    canary {\n      endpointUrl\n      trafficPercent\n      versionNumber\n      version { id }\n      deployment { ...EnvironmentPanel_Deployment }\n    }\n  }\n": types.EnvironmentNow_EndpointFragmentDoc,
    "\n  query ActiveEnvironments($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      modelName\n      production { ...EnvironmentNow_Endpoint }\n      staging { ...EnvironmentNow_Endpoint }\n    }\n  }\n": types.ActiveEnvironmentsDocument,
    "\n  query ScoringAssets {\n    assets(first: 100) { edges { node { id name } } }\n  }\n": types.ScoringAssetsDocument,
    "\n  mutation StartScoringRun($input: StartScoringRunInput!) {\n    startScoringRun(input: $input) { ...ScoringRunStatus_Run }\n  }\n": types.StartScoringRunDocument,
    "\n  fragment ScoringRunStatus_Run on ScoringRun {\n    id\n    status\n    message\n    windows\n    skippedWindows\n    from\n    to\n    asset { id name }\n  }\n": types.ScoringRunStatus_RunFragmentDoc,
    "\n  subscription ScoringRunWatch($id: ID!) {\n    scoringRunUpdated(id: $id) { ...ScoringRunStatus_Run }\n  }\n": types.ScoringRunWatchDocument,
    "\n  fragment ShadowCharts_Comparison on WindowComparison {\n    totalWindows\n    offset\n    windows\n    production\n    shadows { version { id version } values }\n  }\n": types.ShadowCharts_ComparisonFragmentDoc,
    "\n  fragment ShadowCharts_Trend on ShadowTrend {\n    version { id version }\n    at\n    agreementRate\n    meanAbsDifference\n    latencyP95Ms\n    productionLatencyP95Ms\n  }\n": types.ShadowCharts_TrendFragmentDoc,
    "\n  fragment ShadowPanel_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    viewerCanSetStage\n  }\n": types.ShadowPanel_VersionFragmentDoc,
    "\n  query ActiveEndpoints($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      shadows { version { id } endpointUrl }\n    }\n  }\n": types.ActiveEndpointsDocument,
    "\n  mutation SetVersionStage($versionId: ID!, $stage: ModelStage!) {\n    setModelVersionStage(versionId: $versionId, stage: $stage) { id stage }\n  }\n": types.SetVersionStageDocument,
    "\n  fragment VersionDeployments_Version on ModelVersion {\n    id\n    version\n    stage\n    viewerCanDeployStaging\n    viewerCanDeployProduction\n    viewerCanSetStage\n    model { id name }\n    deployments { id environment strategy status trafficPercent endpointUrl createdAt }\n  }\n": types.VersionDeployments_VersionFragmentDoc,
    "\n  subscription ModelDeploymentsChanged($modelId: ID!) {\n    deploymentsChanged(modelId: $modelId) { id status trafficPercent }\n  }\n": types.ModelDeploymentsChangedDocument,
    "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      status\n      environment\n      model { id name }\n      version { id version }\n      ...EnvironmentPanel_Deployment\n      ...DeploymentTimeline_Deployment\n    }\n  }\n": types.DeploymentPageDocument,
    "\n  subscription DeploymentWatch($id: ID!) {\n    deploymentUpdated(id: $id) { id status trafficPercent message }\n  }\n": types.DeploymentWatchDocument,
    "\n  query ModelDeployments($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      versions { ...ShadowPanel_Version }\n    }\n    deployments(modelId: $id, first: 50) {\n      edges { node { ...EnvironmentPanel_Deployment } }\n    }\n  }\n": types.ModelDeploymentsDocument,
    "\n  query ShadowModel($id: ID!) {\n    model(id: $id) { id name }\n  }\n": types.ShadowModelDocument,
    "\n  query ShadowReport($modelName: String!, $windowsFrom: Int! = 0) {\n    shadowReport(modelName: $modelName) {\n      modelName\n      production { id version }\n      shadows { id version viewerCanSetStage }\n      latestRun {\n        id\n        productionLatencyP50Ms\n        productionLatencyP95Ms\n        metrics { version { id version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }\n        ...ScoringRunStatus_Run\n      }\n      latestComparison(first: 5000, offset: $windowsFrom) { ...ShadowCharts_Comparison }\n      trend { ...ShadowCharts_Trend }\n      runs { id createdAt ...ScoringRunStatus_Run }\n    }\n  }\n": types.ShadowReportDocument,
    "\n  query RunEpisodes($assetId: ID!, $from: DateTime!, $to: DateTime!) {\n    asset(id: $assetId) {\n      id\n      events(from: $from, to: $to) { id label startsAt endsAt }\n    }\n  }\n": types.RunEpisodesDocument,
    "\n  mutation SendPing($message: String!) {\n    ping(message: $message) { id status }\n  }\n": types.SendPingDocument,
    "\n  subscription PingWatch($id: ID!) {\n    pingUpdated(id: $id) { id status completedAt }\n  }\n": types.PingWatchDocument,
    "\n  fragment Overview_Deployment on Deployment {\n    id environment status trafficPercent message updatedAt\n    model { id name }\n    version { id version }\n  }\n": types.Overview_DeploymentFragmentDoc,
    "\n  query OverviewDeployments {\n    live: deployments(status: LIVE, first: 50) { edges { node { ...Overview_Deployment } } pageInfo { hasNextPage } }\n    rolling: deployments(status: ROLLING_OUT, first: 20) { edges { node { ...Overview_Deployment } } }\n    failed: deployments(status: FAILED, first: 5) { edges { node { ...Overview_Deployment } } }\n    rolledBack: deployments(status: ROLLED_BACK, first: 5) { edges { node { ...Overview_Deployment } } }\n  }\n": types.OverviewDeploymentsDocument,
    "\n  query OverviewCases($me: ID!) {\n    open: cases(assigneeId: $me, status: OPEN, first: 10) { edges { node { id title status updatedAt } } pageInfo { hasNextPage } }\n    review: cases(assigneeId: $me, status: IN_REVIEW, first: 10) { edges { node { id title status updatedAt } } }\n  }\n": types.OverviewCasesDocument,
    "\n  query OverviewMyModels {\n    models(mine: true, first: 8) {\n      edges { node { id name versions(first: 3) { id version status stage } } }\n      pageInfo { hasNextPage }\n    }\n  }\n": types.OverviewMyModelsDocument,
    "\n  query OverviewApprovals {\n    approvalRequests(status: PENDING, first: 50) {\n      edges {\n        node {\n          id createdAt submittedBy { id email }\n          version { id version model { id name } card { viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": types.OverviewApprovalsDocument,
    "\n  query OverviewExports {\n    myExports(first: 5) { edges { node { id status progress rowCount createdAt asset { id name } } } }\n  }\n": types.OverviewExportsDocument,
    "\n  query Overview {\n    me {\n      id email role tenant { name slug }\n      canManageUsers canReadAuditLog canDecideApprovals canUploadModels canDeploy canExportHistory canLabel canReadModels\n      canReadHistory\n    }\n  }\n": types.OverviewDocument,
    "\n  fragment UserTable_User on User {\n    id\n    email\n    role\n    isActive\n    createdAt\n  }\n": types.UserTable_UserFragmentDoc,
    "\n  query UsersViewer {\n    me { id role canManageUsers }\n  }\n": types.UsersViewerDocument,
    "\n  query UsersPage($after: String, $search: String, $role: Role, $orderBy: UserOrder!) {\n    users(first: 50, after: $after, search: $search, role: $role, orderBy: $orderBy) {\n      edges { node { ...UserTable_User } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.UsersPageDocument,
    "\n  mutation AddUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n": types.AddUserDocument,
    "\n  query CaseAssignees($after: String) {\n    caseAssignees(first: 100, after: $after) { edges { node { id email role } } pageInfo { hasNextPage endCursor } }\n  }\n": types.CaseAssigneesDocument,
    "\n  mutation AssignCase($id: ID!, $assigneeId: ID) {\n    assignCase(id: $id, assigneeId: $assigneeId) { id assignee { id email } }\n  }\n": types.AssignCaseDocument,
    "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {\n    setCaseStatus(id: $id, status: $status) { id status }\n  }\n": types.SetCaseStatusDocument,
    "\n  fragment LabelHistory_Label on Label {\n    id\n    version\n    comment\n    createdAt\n    author { id email }\n    mask { url filename }\n  }\n": types.LabelHistory_LabelFragmentDoc,
    "\n  mutation SetCaseLabelNames($id: ID!, $names: [LabelNameInput!]!) {\n    setCaseLabelNames(id: $id, names: $names) { id labelClasses { ...Legend_LabelClass } }\n  }\n": types.SetCaseLabelNamesDocument,
    "\n  query LabelSets($after: String) {\n    me { id canUploadModels canManageCases }\n    labelSets(first: 20, after: $after) {\n      edges { node { id name description caseCount sha256 createdAt createdBy { email } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.LabelSetsDocument,
    "\n  mutation CreateLabelSet($name: String!, $description: String!) {\n    createLabelSet(name: $name, description: $description) { id name caseCount }\n  }\n": types.CreateLabelSetDocument,
    "\n  mutation DeleteLabelSet($id: ID!) { deleteLabelSet(id: $id) }\n": types.DeleteLabelSetDocument,
    "\n  fragment Legend_LabelClass on LabelClass { value name color }\n": types.Legend_LabelClassFragmentDoc,
    "\n  mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID, $labelValues: [Int!], $labelNames: [LabelNameInput!]) {\n    createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId, labelValues: $labelValues, labelNames: $labelNames) {\n      id title\n    }\n  }\n": types.CreateCaseDocument,
    "\n  query CasePage($id: ID!) {\n    case(id: $id) {\n      id title status shape labelValues viewerCanLabel viewerCanManage\n      labelClasses { ...Legend_LabelClass }\n      assignee { id email }\n      currentLabel { id version }\n      artifacts { kind url }\n      labels { ...LabelHistory_Label }\n    }\n  }\n": types.CasePageDocument,
    "\n  mutation SaveLabel($caseId: ID!, $mask: Upload!, $base: ID, $key: String!, $comment: String!) {\n    saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $base, idempotencyKey: $key, comment: $comment) {\n      replayed\n      label { id version }\n    }\n  }\n": types.SaveLabelDocument,
    "\n  subscription LabelSaved($caseId: ID!) {\n    labelSaved(caseId: $caseId) { id version author { email } }\n  }\n": types.LabelSavedDocument,
    "\n  query NextCase($after: ID) {\n    nextCase(after: $after) { id title }\n  }\n": types.NextCaseDocument,
    "\n  query CasesPage($status: CaseStatus, $mine: Boolean!, $after: String) {\n    cases(first: 25, after: $after, status: $status, assignedToMe: $mine) {\n      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.CasesPageDocument,
    "\n  query CasesViewer { me { id canManageCases } }\n": types.CasesViewerDocument,
    "\n  fragment ApprovalTimeline_Version on ModelVersion {\n    createdAt\n    validatedAt\n    status\n    approvalRequest {\n      id status comment createdAt decisionComment decidedAt\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    approvalHistory {\n      id status comment createdAt decisionComment decidedAt withdrawnAt cardRevision\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    cardHistory { revision at byEmail correction withdrewApproval reason changes { field } }\n  }\n": types.ApprovalTimeline_VersionFragmentDoc,
    "\n  mutation UpdateCard($id: ID!, $input: ModelCardInput!) {\n    updateModelCard(versionId: $id, input: $input) { id }\n  }\n": types.UpdateCardDocument,
    "\n  mutation ReviseCard($id: ID!, $input: ModelCardInput!, $reason: String!) {\n    reviseModelCard(versionId: $id, input: $input, reason: $reason) { id status }\n  }\n": types.ReviseCardDocument,
    "\n  fragment CompareTable_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    description\n    createdAt\n    uploadedBy { id email }\n    card {\n      inputs { name dtype shape }\n      outputs { name dtype shape }\n      opsets { domain version }\n      producer\n      irVersion\n      parameterCount\n      sizeBytes\n      sha256\n      latencyP50Ms\n      latencyP95Ms\n      intendedUse\n      trainingData\n      metrics\n      limitations\n    }\n    report { name status message }\n    deployments { id environment status trafficPercent }\n  }\n": types.CompareTable_VersionFragmentDoc,
    "\n  fragment CompareTable_Run on ScoringRun {\n    id\n    status\n    createdAt\n    finishedAt\n    windows\n    productionVersion { id version }\n    metrics { windows agreementRate meanAbsDifference latencyP95Ms version { id } }\n  }\n": types.CompareTable_RunFragmentDoc,
    "\n  mutation SubmitVersion($id: ID!, $comment: String!) {\n    submitForApproval(versionId: $id, comment: $comment) { id status }\n  }\n": types.SubmitVersionDocument,
    "\n  mutation ApproveVersion($id: ID!, $comment: String!) {\n    approveModelVersion(id: $id, comment: $comment) { id status }\n  }\n": types.ApproveVersionDocument,
    "\n  mutation RejectVersion($id: ID!, $comment: String!) {\n    rejectModelVersion(id: $id, comment: $comment) { id status }\n  }\n": types.RejectVersionDocument,
    "\n  query VersionLineage($id: ID!) {\n    modelVersion(id: $id) {\n      id\n      version\n      model { id name }\n      lineage {\n        nodes { id kind label detail href }\n        edges { source target }\n      }\n    }\n  }\n": types.VersionLineageDocument,
    "\n  query VersionDossier($id: ID!) {\n    versionDossier(versionId: $id) { digest document }\n  }\n": types.VersionDossierDocument,
    "\n  fragment ModelCardView_Card on ModelCard {\n    inputs { name dtype shape }\n    outputs { name dtype shape }\n    opsets { domain version }\n    producer\n    irVersion\n    parameterCount\n    sizeBytes\n    sha256\n    latencyP50Ms\n    latencyP95Ms\n    intendedUse\n    trainingData\n    metrics\n    limitations\n    revision\n  }\n": types.ModelCardView_CardFragmentDoc,
    "\n  fragment PromotionPolicyFields on PromotionPolicy {\n    modelId source requiredApprovals approverRoles requireValidation requiredCardFields\n    minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings updatedAt viewerCanEdit\n  }\n": types.PromotionPolicyFieldsFragmentDoc,
    "\n  query PromotionPolicy($modelId: ID) {\n    promotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n": types.PromotionPolicyDocument,
    "\n  mutation SetPromotionPolicy($modelId: ID, $input: PromotionPolicyInput!) {\n    setPromotionPolicy(modelId: $modelId, input: $input) { ...PromotionPolicyFields }\n  }\n": types.SetPromotionPolicyDocument,
    "\n  mutation ClearPromotionPolicy($modelId: ID!) {\n    clearPromotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n": types.ClearPromotionPolicyDocument,
    "\n  fragment PromotionGates_Version on ModelVersion {\n    id\n    status\n    model { id name }\n    promotionGates {\n      passed\n      evaluatedAt\n      gates { gate title passed reason }\n      policy { source requiredApprovals approverRoles viewerCanEdit }\n    }\n  }\n": types.PromotionGates_VersionFragmentDoc,
    "\n  fragment CardChangeFields on CardChange { field before after }\n": types.CardChangeFieldsFragmentDoc,
    "\n  fragment ReviewPanel_Version on ModelVersion {\n    approvalRequest {\n      id status cardRevision cardSha256 reportSha256 fileSha256 requiredApprovals approverRoles approvals withdrawnAt\n      decisions { approve comment createdAt user { id email } }\n      changesSinceLastDecision { ...CardChangeFields }\n      withdrawalChanges { ...CardChangeFields }\n    }\n  }\n": types.ReviewPanel_VersionFragmentDoc,
    "\n  fragment SecurityFindings_Version on ModelVersion {\n    id\n    viewerCanReportFinding\n    securityFindings { id severity title detail status resolution createdAt resolvedAt viewerCanResolve reportedBy { id email } }\n  }\n": types.SecurityFindings_VersionFragmentDoc,
    "\n  mutation ReportFinding($versionId: ID!, $severity: FindingSeverity!, $title: String!, $detail: String!) {\n    reportSecurityFinding(versionId: $versionId, severity: $severity, title: $title, detail: $detail) { id status }\n  }\n": types.ReportFindingDocument,
    "\n  mutation ResolveFinding($id: ID!, $resolution: String!) {\n    resolveSecurityFinding(id: $id, resolution: $resolution) { id status }\n  }\n": types.ResolveFindingDocument,
    "\n  fragment ValidationReport_Check on ValidationCheck {\n    name\n    status\n    message\n  }\n": types.ValidationReport_CheckFragmentDoc,
    "\n  subscription VersionWatch($id: ID!) {\n    modelVersionUpdated(id: $id) { id status validatedAt }\n  }\n": types.VersionWatchDocument,
    "\n  query ApprovalQueue($orderBy: ApprovalOrder!, $after: String) {\n    me { id }\n    approvalRequests(status: PENDING, first: 25, after: $after, orderBy: $orderBy) {\n      edges {\n        node {\n          id comment createdAt submittedBy { id email }\n          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ApprovalQueueDocument,
    "\n  subscription ApprovalQueueChanged {\n    approvalRequestsChanged { id status }\n  }\n": types.ApprovalQueueChangedDocument,
    "\n  query ComparePage($id: ID!) {\n    model(id: $id) { id name versions { id version status } }\n    scoringRuns(modelId: $id, first: 20) { edges { node { ...CompareTable_Run } } }\n  }\n": types.ComparePageDocument,
    "\n  query CompareVersion($id: ID!) {\n    modelVersion(id: $id) { ...CompareTable_Version }\n  }\n": types.CompareVersionDocument,
    "\n  query ModelPage($id: ID!) {\n    me { id canUploadModels }\n    model(id: $id) {\n      id name description tags createdAt\n      versions { id version status stage description createdAt }\n    }\n  }\n": types.ModelPageDocument,
    "\n  query ModelsPage($search: String, $status: ModelVersionStatus, $orderBy: ModelOrder!, $after: String) {\n    me { id canUploadModels }\n    models(first: 25, after: $after, search: $search, status: $status, orderBy: $orderBy) {\n      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ModelsPageDocument,
    "\n  query UploadTargets {\n    me { id role canUploadModels }\n    models(first: 100) { edges { node { id name latestVersion } } }\n  }\n": types.UploadTargetsDocument,
    "\n  mutation RegisterModel($name: String!, $description: String!, $tags: [String!]) {\n    registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }\n  }\n": types.RegisterModelDocument,
    "\n  mutation UploadVersion($file: Upload!, $modelId: ID!, $description: String!, $key: String) {\n    uploadModelVersion(file: $file, modelId: $modelId, description: $description, idempotencyKey: $key) {\n      replayed\n      version { id }\n    }\n  }\n": types.UploadVersionDocument,
    "\n  query VersionPage($id: ID!) {\n    me { id role canDecideApprovals }\n    modelVersion(id: $id) {\n      id\n      version\n      status\n      description\n      model { id name }\n      report { ...ValidationReport_Check }\n      card { viewerCanSubmit viewerCanApprove viewerCanEdit viewerCanRevise editable ...ModelCardView_Card }\n      ...ApprovalTimeline_Version\n      ...ReviewPanel_Version\n      ...PromotionGates_Version\n      ...SecurityFindings_Version\n      ...VersionDeployments_Version\n    }\n  }\n": types.VersionPageDocument,
    "\n  query VersionDownload($id: ID!) {\n    modelVersion(id: $id) { id downloadUrl }\n  }\n": types.VersionDownloadDocument,
    "\n  query DeploymentAlerts($deploymentId: ID!) {\n    alerts(deploymentId: $deploymentId, first: 50) {\n      edges { node { id feature kind status metric value threshold createdAt closedAt acknowledgedAt viewerCanAcknowledge } }\n    }\n  }\n": types.DeploymentAlertsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) { id acknowledgedAt viewerCanAcknowledge }\n  }\n": types.AcknowledgeAlertDocument,
    "\n  subscription AlertUpdated($deploymentId: ID!) {\n    alertUpdated(deploymentId: $deploymentId) { id status }\n  }\n": types.AlertUpdatedDocument,
    "\n  fragment FeatureDriftPanel_FeatureDrift on FeatureDrift {\n    name\n    kind\n    featureType\n    points { at psi ksStatistic ksPValue chiSquarePValue drifted liveCount referenceCount }\n    histogram { edges categories live reference }\n  }\n": types.FeatureDriftPanel_FeatureDriftFragmentDoc,
    "\n  mutation SetPayloadLogging($deploymentId: ID!, $samplePercent: Float!) {\n    setPayloadLogging(deploymentId: $deploymentId, samplePercent: $samplePercent) { samplePercent }\n  }\n": types.SetPayloadLoggingDocument,
    "\n  mutation SetDriftReference($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    setDriftReference(deploymentId: $deploymentId, from: $from, to: $to) { referenceFrom referenceTo }\n  }\n": types.SetDriftReferenceDocument,
    "\n  fragment TrafficPanel_VersionTraffic on VersionTraffic {\n    version\n    requests\n    errors\n    errorRate\n    points { at requests errorRate latencyP50Ms latencyP95Ms }\n  }\n": types.TrafficPanel_VersionTrafficFragmentDoc,
    "\n  query MonitoringDeployments($id: ID!) {\n    model(id: $id) { id name }\n    deployments(modelId: $id, status: LIVE, first: 10) {\n      edges { node { id environment version { id version } } }\n    }\n  }\n": types.MonitoringDeploymentsDocument,
    "\n  query MonitoringReport($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    monitoringReport(deploymentId: $deploymentId, from: $from, to: $to) {\n      deploymentId\n      logging { samplePercent referenceFrom referenceTo }\n      reference { kind description liveFrom liveTo note }\n      thresholds { psi ksStatistic pValue }\n      features { name kind ...FeatureDriftPanel_FeatureDrift }\n      versions { version ...TrafficPanel_VersionTraffic }\n      viewerCanConfigure\n    }\n  }\n": types.MonitoringReportDocument,
    "\n  fragment TokenTable_PersonalAccessToken on PersonalAccessToken {\n    id\n    name\n    prefix\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    isActive\n  }\n": types.TokenTable_PersonalAccessTokenFragmentDoc,
    "\n  query AccessTokens {\n    personalAccessTokens { ...TokenTable_PersonalAccessToken }\n  }\n": types.AccessTokensDocument,
    "\n  mutation CreateAccessToken($name: String!, $expiresInDays: Int!) {\n    createPersonalAccessToken(name: $name, expiresInDays: $expiresInDays) {\n      secret\n      token { id name }\n    }\n  }\n": types.CreateAccessTokenDocument,
    "\n  mutation RevokeAccessToken($id: ID!) {\n    revokePersonalAccessToken(id: $id) { id revokedAt isActive }\n  }\n": types.RevokeAccessTokenDocument,
    "\n  fragment DeliveryLog_Delivery on WebhookDelivery {\n    id\n    event\n    status\n    attempts\n    lastResponseCode\n    lastError\n    nextAttemptAt\n    durationMs\n    requestBody\n    createdAt\n    finishedAt\n    redeliveryOfId\n    attemptLog { number startedAt responseCode error durationMs requestHeaders responseBody }\n  }\n": types.DeliveryLog_DeliveryFragmentDoc,
    "\n  fragment WebhookForm_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n  }\n": types.WebhookForm_WebhookFragmentDoc,
    "\n  fragment WebhookTable_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n    lastDelivery { id status createdAt }\n  }\n": types.WebhookTable_WebhookFragmentDoc,
    "\n  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {\n      edges { node { ...DeliveryLog_Delivery } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebhookDeliveriesPageDocument,
    "\n  subscription WebhookDeliveryUpdated($webhookId: ID!) {\n    webhookDeliveryUpdated(webhookId: $webhookId) { ...DeliveryLog_Delivery }\n  }\n": types.WebhookDeliveryUpdatedDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_Delivery }\n  }\n": types.RedeliverWebhookDocument,
    "\n  query WebhookPage($id: ID!) {\n    webhook(id: $id) { id url updatedAt ...WebhookForm_Webhook }\n    webhookEvents\n  }\n": types.WebhookPageDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url updatedAt ...WebhookForm_Webhook }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) { secret webhook { id url } }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n": types.DeleteWebhookDocument,
    "\n  mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { id status } }\n": types.PingWebhookDocument,
    "\n  query WebhooksPage {\n    webhooks { ...WebhookTable_Webhook }\n    webhookEvents\n  }\n": types.WebhooksPageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n": types.CreateWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Nav_Viewer on Viewer {\n    email\n    role\n    tenant { name }\n    canManageUsers\n    canReadAuditLog\n    canDecideApprovals\n    canExportHistory\n    canReadHistory\n    canReadModels\n    canManageWebhooks\n  }\n"): (typeof documents)["\n  fragment Nav_Viewer on Viewer {\n    email\n    role\n    tenant { name }\n    canManageUsers\n    canReadAuditLog\n    canDecideApprovals\n    canExportHistory\n    canReadHistory\n    canReadModels\n    canManageWebhooks\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Shell {\n    me { id ...Nav_Viewer }\n  }\n"): (typeof documents)["\n  query Shell {\n    me { id ...Nav_Viewer }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportHistory($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {\n    exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) { ...ExportStatus_Export }\n  }\n"): (typeof documents)["\n  mutation ExportHistory($assetId: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!], $key: String!) {\n    exportHistory(assetId: $assetId, from: $from, to: $to, tags: $tags, idempotencyKey: $key) { ...ExportStatus_Export }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExportWatch($id: ID!) {\n    exportUpdated(id: $id) { ...ExportStatus_Export }\n  }\n"): (typeof documents)["\n  subscription ExportWatch($id: ID!) {\n    exportUpdated(id: $id) { ...ExportStatus_Export }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryExport($id: ID!) {\n    retryExport(id: $id) { ...ExportStatus_Export }\n  }\n"): (typeof documents)["\n  mutation RetryExport($id: ID!) {\n    retryExport(id: $id) { ...ExportStatus_Export }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExportStatus_Export on HistoryExport {\n    id\n    status\n    progress\n    rowCount\n    sizeBytes\n    error\n    downloadUrl\n  }\n"): (typeof documents)["\n  fragment ExportStatus_Export on HistoryExport {\n    id\n    status\n    progress\n    rowCount\n    sizeBytes\n    error\n    downloadUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HistoryChart_Series on HistorySeries {\n    tag { id name unit }\n    packed { timesMs min max avg }\n  }\n"): (typeof documents)["\n  fragment HistoryChart_Series on HistorySeries {\n    tag { id name unit }\n    packed { timesMs min max avg }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HistoryChart_Event on AssetEvent {\n    id kind label startsAt endsAt\n    tag { id name }\n  }\n"): (typeof documents)["\n  fragment HistoryChart_Event on AssetEvent {\n    id kind label startsAt endsAt\n    tag { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetPage($id: ID!) {\n    asset(id: $id) {\n      id name site kind description viewerCanExport\n      tags { id name unit description }\n    }\n  }\n"): (typeof documents)["\n  query AssetPage($id: ID!) {\n    asset(id: $id) {\n      id name site kind description viewerCanExport\n      tags { id name unit description }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetHistory($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!]) {\n    asset(id: $id) {\n      id\n      history(from: $from, to: $to, tags: $tags) {\n        bucketSeconds\n        series { ...HistoryChart_Series }\n      }\n      events(from: $from, to: $to) { ...HistoryChart_Event }\n    }\n  }\n"): (typeof documents)["\n  query AssetHistory($id: ID!, $from: DateTime!, $to: DateTime!, $tags: [String!]) {\n    asset(id: $id) {\n      id\n      history(from: $from, to: $to, tags: $tags) {\n        bucketSeconds\n        series { ...HistoryChart_Series }\n      }\n      events(from: $from, to: $to) { ...HistoryChart_Event }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetsPage($search: String, $after: String) {\n    assets(search: $search, first: 50, after: $after) {\n      edges { node { id name site kind description } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AssetsPage($search: String, $after: String) {\n    assets(search: $search, first: 50, after: $after) {\n      edges { node { id name site kind description } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyExports($status: ExportStatus, $after: String) {\n    myExports(first: 20, after: $after, status: $status) {\n      edges {\n        node {\n          ...ExportStatus_Export\n          from\n          to\n          createdAt\n          asset { id name }\n          tags { name }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query MyExports($status: ExportStatus, $after: String) {\n    myExports(first: 20, after: $after, status: $status) {\n      edges {\n        node {\n          ...ExportStatus_Export\n          from\n          to\n          createdAt\n          asset { id name }\n          tags { name }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportsViewer {\n    me { id role canExportHistory }\n  }\n"): (typeof documents)["\n  query ExportsViewer {\n    me { id role canExportHistory }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportDownload($id: ID!) {\n    historyExport(id: $id) { id downloadUrl }\n  }\n"): (typeof documents)["\n  query ExportDownload($id: ID!) {\n    historyExport(id: $id) { id downloadUrl }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditTable_Entry on AuditEntry {\n    seq\n    occurredAt\n    actorEmail\n    action\n    targetType\n    targetId\n    details\n    requestId\n  }\n"): (typeof documents)["\n  fragment AuditTable_Entry on AuditEntry {\n    seq\n    occurredAt\n    actorEmail\n    action\n    targetType\n    targetId\n    details\n    requestId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditPage($after: String, $action: String, $actorId: ID, $targetId: String) {\n    auditLog(first: 25, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {\n      edges { node { ...AuditTable_Entry } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AuditPage($after: String, $action: String, $actorId: ID, $targetId: String) {\n    auditLog(first: 25, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {\n      edges { node { ...AuditTable_Entry } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditActors($after: String) {\n    users(first: 100, after: $after) {\n      edges { node { id email } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AuditActors($after: String) {\n    users(first: 100, after: $after) {\n      edges { node { id email } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditViewer {\n    me { id role canReadAuditLog }\n  }\n"): (typeof documents)["\n  query AuditViewer {\n    me { id role canReadAuditLog }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CanaryProgress_Deployment on Deployment {\n    status\n    canarySteps\n    trafficPercent\n  }\n"): (typeof documents)["\n  fragment CanaryProgress_Deployment on Deployment {\n    status\n    canarySteps\n    trafficPercent\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeployVersion($input: DeployModelVersionInput!) {\n    deployModelVersion(input: $input) { id status environment }\n  }\n"): (typeof documents)["\n  mutation DeployVersion($input: DeployModelVersionInput!) {\n    deployModelVersion(input: $input) { id status environment }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackDeployment($id: ID!, $reason: String!) {\n    rollbackDeployment(id: $id, reason: $reason) { id status message }\n  }\n"): (typeof documents)["\n  mutation RollbackDeployment($id: ID!, $reason: String!) {\n    rollbackDeployment(id: $id, reason: $reason) { id status message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireDeployment($id: ID!) {\n    retireDeployment(id: $id) { id status message }\n  }\n"): (typeof documents)["\n  mutation RetireDeployment($id: ID!) {\n    retireDeployment(id: $id) { id status message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentHistory($modelId: ID!, $environment: Environment, $status: DeploymentStatus, $after: String) {\n    deployments(modelId: $modelId, environment: $environment, status: $status, first: 25, after: $after) {\n      edges {\n        node { id environment strategy status trafficPercent createdAt version { id version } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query DeploymentHistory($modelId: ID!, $environment: Environment, $status: DeploymentStatus, $after: String) {\n    deployments(modelId: $modelId, environment: $environment, status: $status, first: 25, after: $after) {\n      edges {\n        node { id environment strategy status trafficPercent createdAt version { id version } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeploymentTimeline_Deployment on Deployment {\n    events { at status trafficPercent message }\n  }\n"): (typeof documents)["\n  fragment DeploymentTimeline_Deployment on Deployment {\n    events { at status trafficPercent message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EnvironmentPanel_Deployment on Deployment {\n    id\n    environment\n    strategy\n    status\n    trafficPercent\n    endpointUrl\n    message\n    createdAt\n    createdBy { id email }\n    version { id version }\n    previous { id version { id version } }\n    viewerCanRollback\n    viewerCanRetire\n    ...CanaryProgress_Deployment\n  }\n"): (typeof documents)["\n  fragment EnvironmentPanel_Deployment on Deployment {\n    id\n    environment\n    strategy\n    status\n    trafficPercent\n    endpointUrl\n    message\n    createdAt\n    createdBy { id email }\n    version { id version }\n    previous { id version { id version } }\n    viewerCanRollback\n    viewerCanRetire\n    ...CanaryProgress_Deployment\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EnvironmentNow_Endpoint on ActiveEndpoint {\n    endpointUrl\n    trafficPercent\n    versionNumber\n    version { id }\n    deployment { ...EnvironmentPanel_Deployment }\n    canary {\n      endpointUrl\n      trafficPercent\n      versionNumber\n      version { id }\n      deployment { ...EnvironmentPanel_Deployment }\n    }\n  }\n"): (typeof documents)["\n  fragment EnvironmentNow_Endpoint on ActiveEndpoint {\n    endpointUrl\n    trafficPercent\n    versionNumber\n    version { id }\n    deployment { ...EnvironmentPanel_Deployment }\n    canary {\n      endpointUrl\n      trafficPercent\n      versionNumber\n      version { id }\n      deployment { ...EnvironmentPanel_Deployment }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActiveEnvironments($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      modelName\n      production { ...EnvironmentNow_Endpoint }\n      staging { ...EnvironmentNow_Endpoint }\n    }\n  }\n"): (typeof documents)["\n  query ActiveEnvironments($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      modelName\n      production { ...EnvironmentNow_Endpoint }\n      staging { ...EnvironmentNow_Endpoint }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScoringAssets {\n    assets(first: 100) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query ScoringAssets {\n    assets(first: 100) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartScoringRun($input: StartScoringRunInput!) {\n    startScoringRun(input: $input) { ...ScoringRunStatus_Run }\n  }\n"): (typeof documents)["\n  mutation StartScoringRun($input: StartScoringRunInput!) {\n    startScoringRun(input: $input) { ...ScoringRunStatus_Run }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScoringRunStatus_Run on ScoringRun {\n    id\n    status\n    message\n    windows\n    skippedWindows\n    from\n    to\n    asset { id name }\n  }\n"): (typeof documents)["\n  fragment ScoringRunStatus_Run on ScoringRun {\n    id\n    status\n    message\n    windows\n    skippedWindows\n    from\n    to\n    asset { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ScoringRunWatch($id: ID!) {\n    scoringRunUpdated(id: $id) { ...ScoringRunStatus_Run }\n  }\n"): (typeof documents)["\n  subscription ScoringRunWatch($id: ID!) {\n    scoringRunUpdated(id: $id) { ...ScoringRunStatus_Run }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShadowCharts_Comparison on WindowComparison {\n    totalWindows\n    offset\n    windows\n    production\n    shadows { version { id version } values }\n  }\n"): (typeof documents)["\n  fragment ShadowCharts_Comparison on WindowComparison {\n    totalWindows\n    offset\n    windows\n    production\n    shadows { version { id version } values }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShadowCharts_Trend on ShadowTrend {\n    version { id version }\n    at\n    agreementRate\n    meanAbsDifference\n    latencyP95Ms\n    productionLatencyP95Ms\n  }\n"): (typeof documents)["\n  fragment ShadowCharts_Trend on ShadowTrend {\n    version { id version }\n    at\n    agreementRate\n    meanAbsDifference\n    latencyP95Ms\n    productionLatencyP95Ms\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShadowPanel_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    viewerCanSetStage\n  }\n"): (typeof documents)["\n  fragment ShadowPanel_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    viewerCanSetStage\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActiveEndpoints($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      shadows { version { id } endpointUrl }\n    }\n  }\n"): (typeof documents)["\n  query ActiveEndpoints($modelName: String!) {\n    activeModels(modelName: $modelName) {\n      shadows { version { id } endpointUrl }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetVersionStage($versionId: ID!, $stage: ModelStage!) {\n    setModelVersionStage(versionId: $versionId, stage: $stage) { id stage }\n  }\n"): (typeof documents)["\n  mutation SetVersionStage($versionId: ID!, $stage: ModelStage!) {\n    setModelVersionStage(versionId: $versionId, stage: $stage) { id stage }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VersionDeployments_Version on ModelVersion {\n    id\n    version\n    stage\n    viewerCanDeployStaging\n    viewerCanDeployProduction\n    viewerCanSetStage\n    model { id name }\n    deployments { id environment strategy status trafficPercent endpointUrl createdAt }\n  }\n"): (typeof documents)["\n  fragment VersionDeployments_Version on ModelVersion {\n    id\n    version\n    stage\n    viewerCanDeployStaging\n    viewerCanDeployProduction\n    viewerCanSetStage\n    model { id name }\n    deployments { id environment strategy status trafficPercent endpointUrl createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ModelDeploymentsChanged($modelId: ID!) {\n    deploymentsChanged(modelId: $modelId) { id status trafficPercent }\n  }\n"): (typeof documents)["\n  subscription ModelDeploymentsChanged($modelId: ID!) {\n    deploymentsChanged(modelId: $modelId) { id status trafficPercent }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      status\n      environment\n      model { id name }\n      version { id version }\n      ...EnvironmentPanel_Deployment\n      ...DeploymentTimeline_Deployment\n    }\n  }\n"): (typeof documents)["\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      status\n      environment\n      model { id name }\n      version { id version }\n      ...EnvironmentPanel_Deployment\n      ...DeploymentTimeline_Deployment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeploymentWatch($id: ID!) {\n    deploymentUpdated(id: $id) { id status trafficPercent message }\n  }\n"): (typeof documents)["\n  subscription DeploymentWatch($id: ID!) {\n    deploymentUpdated(id: $id) { id status trafficPercent message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelDeployments($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      versions { ...ShadowPanel_Version }\n    }\n    deployments(modelId: $id, first: 50) {\n      edges { node { ...EnvironmentPanel_Deployment } }\n    }\n  }\n"): (typeof documents)["\n  query ModelDeployments($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      versions { ...ShadowPanel_Version }\n    }\n    deployments(modelId: $id, first: 50) {\n      edges { node { ...EnvironmentPanel_Deployment } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShadowModel($id: ID!) {\n    model(id: $id) { id name }\n  }\n"): (typeof documents)["\n  query ShadowModel($id: ID!) {\n    model(id: $id) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShadowReport($modelName: String!, $windowsFrom: Int! = 0) {\n    shadowReport(modelName: $modelName) {\n      modelName\n      production { id version }\n      shadows { id version viewerCanSetStage }\n      latestRun {\n        id\n        productionLatencyP50Ms\n        productionLatencyP95Ms\n        metrics { version { id version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }\n        ...ScoringRunStatus_Run\n      }\n      latestComparison(first: 5000, offset: $windowsFrom) { ...ShadowCharts_Comparison }\n      trend { ...ShadowCharts_Trend }\n      runs { id createdAt ...ScoringRunStatus_Run }\n    }\n  }\n"): (typeof documents)["\n  query ShadowReport($modelName: String!, $windowsFrom: Int! = 0) {\n    shadowReport(modelName: $modelName) {\n      modelName\n      production { id version }\n      shadows { id version viewerCanSetStage }\n      latestRun {\n        id\n        productionLatencyP50Ms\n        productionLatencyP95Ms\n        metrics { version { id version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }\n        ...ScoringRunStatus_Run\n      }\n      latestComparison(first: 5000, offset: $windowsFrom) { ...ShadowCharts_Comparison }\n      trend { ...ShadowCharts_Trend }\n      runs { id createdAt ...ScoringRunStatus_Run }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunEpisodes($assetId: ID!, $from: DateTime!, $to: DateTime!) {\n    asset(id: $assetId) {\n      id\n      events(from: $from, to: $to) { id label startsAt endsAt }\n    }\n  }\n"): (typeof documents)["\n  query RunEpisodes($assetId: ID!, $from: DateTime!, $to: DateTime!) {\n    asset(id: $assetId) {\n      id\n      events(from: $from, to: $to) { id label startsAt endsAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendPing($message: String!) {\n    ping(message: $message) { id status }\n  }\n"): (typeof documents)["\n  mutation SendPing($message: String!) {\n    ping(message: $message) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PingWatch($id: ID!) {\n    pingUpdated(id: $id) { id status completedAt }\n  }\n"): (typeof documents)["\n  subscription PingWatch($id: ID!) {\n    pingUpdated(id: $id) { id status completedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Overview_Deployment on Deployment {\n    id environment status trafficPercent message updatedAt\n    model { id name }\n    version { id version }\n  }\n"): (typeof documents)["\n  fragment Overview_Deployment on Deployment {\n    id environment status trafficPercent message updatedAt\n    model { id name }\n    version { id version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewDeployments {\n    live: deployments(status: LIVE, first: 50) { edges { node { ...Overview_Deployment } } pageInfo { hasNextPage } }\n    rolling: deployments(status: ROLLING_OUT, first: 20) { edges { node { ...Overview_Deployment } } }\n    failed: deployments(status: FAILED, first: 5) { edges { node { ...Overview_Deployment } } }\n    rolledBack: deployments(status: ROLLED_BACK, first: 5) { edges { node { ...Overview_Deployment } } }\n  }\n"): (typeof documents)["\n  query OverviewDeployments {\n    live: deployments(status: LIVE, first: 50) { edges { node { ...Overview_Deployment } } pageInfo { hasNextPage } }\n    rolling: deployments(status: ROLLING_OUT, first: 20) { edges { node { ...Overview_Deployment } } }\n    failed: deployments(status: FAILED, first: 5) { edges { node { ...Overview_Deployment } } }\n    rolledBack: deployments(status: ROLLED_BACK, first: 5) { edges { node { ...Overview_Deployment } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewCases($me: ID!) {\n    open: cases(assigneeId: $me, status: OPEN, first: 10) { edges { node { id title status updatedAt } } pageInfo { hasNextPage } }\n    review: cases(assigneeId: $me, status: IN_REVIEW, first: 10) { edges { node { id title status updatedAt } } }\n  }\n"): (typeof documents)["\n  query OverviewCases($me: ID!) {\n    open: cases(assigneeId: $me, status: OPEN, first: 10) { edges { node { id title status updatedAt } } pageInfo { hasNextPage } }\n    review: cases(assigneeId: $me, status: IN_REVIEW, first: 10) { edges { node { id title status updatedAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewMyModels {\n    models(mine: true, first: 8) {\n      edges { node { id name versions(first: 3) { id version status stage } } }\n      pageInfo { hasNextPage }\n    }\n  }\n"): (typeof documents)["\n  query OverviewMyModels {\n    models(mine: true, first: 8) {\n      edges { node { id name versions(first: 3) { id version status stage } } }\n      pageInfo { hasNextPage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewApprovals {\n    approvalRequests(status: PENDING, first: 50) {\n      edges {\n        node {\n          id createdAt submittedBy { id email }\n          version { id version model { id name } card { viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"): (typeof documents)["\n  query OverviewApprovals {\n    approvalRequests(status: PENDING, first: 50) {\n      edges {\n        node {\n          id createdAt submittedBy { id email }\n          version { id version model { id name } card { viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewExports {\n    myExports(first: 5) { edges { node { id status progress rowCount createdAt asset { id name } } } }\n  }\n"): (typeof documents)["\n  query OverviewExports {\n    myExports(first: 5) { edges { node { id status progress rowCount createdAt asset { id name } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview {\n    me {\n      id email role tenant { name slug }\n      canManageUsers canReadAuditLog canDecideApprovals canUploadModels canDeploy canExportHistory canLabel canReadModels\n      canReadHistory\n    }\n  }\n"): (typeof documents)["\n  query Overview {\n    me {\n      id email role tenant { name slug }\n      canManageUsers canReadAuditLog canDecideApprovals canUploadModels canDeploy canExportHistory canLabel canReadModels\n      canReadHistory\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserTable_User on User {\n    id\n    email\n    role\n    isActive\n    createdAt\n  }\n"): (typeof documents)["\n  fragment UserTable_User on User {\n    id\n    email\n    role\n    isActive\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersViewer {\n    me { id role canManageUsers }\n  }\n"): (typeof documents)["\n  query UsersViewer {\n    me { id role canManageUsers }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersPage($after: String, $search: String, $role: Role, $orderBy: UserOrder!) {\n    users(first: 50, after: $after, search: $search, role: $role, orderBy: $orderBy) {\n      edges { node { ...UserTable_User } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query UsersPage($after: String, $search: String, $role: Role, $orderBy: UserOrder!) {\n    users(first: 50, after: $after, search: $search, role: $role, orderBy: $orderBy) {\n      edges { node { ...UserTable_User } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n"): (typeof documents)["\n  mutation AddUser($input: CreateUserInput!) {\n    createUser(input: $input) { id email }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseAssignees($after: String) {\n    caseAssignees(first: 100, after: $after) { edges { node { id email role } } pageInfo { hasNextPage endCursor } }\n  }\n"): (typeof documents)["\n  query CaseAssignees($after: String) {\n    caseAssignees(first: 100, after: $after) { edges { node { id email role } } pageInfo { hasNextPage endCursor } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCase($id: ID!, $assigneeId: ID) {\n    assignCase(id: $id, assigneeId: $assigneeId) { id assignee { id email } }\n  }\n"): (typeof documents)["\n  mutation AssignCase($id: ID!, $assigneeId: ID) {\n    assignCase(id: $id, assigneeId: $assigneeId) { id assignee { id email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {\n    setCaseStatus(id: $id, status: $status) { id status }\n  }\n"): (typeof documents)["\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {\n    setCaseStatus(id: $id, status: $status) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LabelHistory_Label on Label {\n    id\n    version\n    comment\n    createdAt\n    author { id email }\n    mask { url filename }\n  }\n"): (typeof documents)["\n  fragment LabelHistory_Label on Label {\n    id\n    version\n    comment\n    createdAt\n    author { id email }\n    mask { url filename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCaseLabelNames($id: ID!, $names: [LabelNameInput!]!) {\n    setCaseLabelNames(id: $id, names: $names) { id labelClasses { ...Legend_LabelClass } }\n  }\n"): (typeof documents)["\n  mutation SetCaseLabelNames($id: ID!, $names: [LabelNameInput!]!) {\n    setCaseLabelNames(id: $id, names: $names) { id labelClasses { ...Legend_LabelClass } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LabelSets($after: String) {\n    me { id canUploadModels canManageCases }\n    labelSets(first: 20, after: $after) {\n      edges { node { id name description caseCount sha256 createdAt createdBy { email } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query LabelSets($after: String) {\n    me { id canUploadModels canManageCases }\n    labelSets(first: 20, after: $after) {\n      edges { node { id name description caseCount sha256 createdAt createdBy { email } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLabelSet($name: String!, $description: String!) {\n    createLabelSet(name: $name, description: $description) { id name caseCount }\n  }\n"): (typeof documents)["\n  mutation CreateLabelSet($name: String!, $description: String!) {\n    createLabelSet(name: $name, description: $description) { id name caseCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLabelSet($id: ID!) { deleteLabelSet(id: $id) }\n"): (typeof documents)["\n  mutation DeleteLabelSet($id: ID!) { deleteLabelSet(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Legend_LabelClass on LabelClass { value name color }\n"): (typeof documents)["\n  fragment Legend_LabelClass on LabelClass { value name color }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID, $labelValues: [Int!], $labelNames: [LabelNameInput!]) {\n    createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId, labelValues: $labelValues, labelNames: $labelNames) {\n      id title\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID, $labelValues: [Int!], $labelNames: [LabelNameInput!]) {\n    createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId, labelValues: $labelValues, labelNames: $labelNames) {\n      id title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CasePage($id: ID!) {\n    case(id: $id) {\n      id title status shape labelValues viewerCanLabel viewerCanManage\n      labelClasses { ...Legend_LabelClass }\n      assignee { id email }\n      currentLabel { id version }\n      artifacts { kind url }\n      labels { ...LabelHistory_Label }\n    }\n  }\n"): (typeof documents)["\n  query CasePage($id: ID!) {\n    case(id: $id) {\n      id title status shape labelValues viewerCanLabel viewerCanManage\n      labelClasses { ...Legend_LabelClass }\n      assignee { id email }\n      currentLabel { id version }\n      artifacts { kind url }\n      labels { ...LabelHistory_Label }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveLabel($caseId: ID!, $mask: Upload!, $base: ID, $key: String!, $comment: String!) {\n    saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $base, idempotencyKey: $key, comment: $comment) {\n      replayed\n      label { id version }\n    }\n  }\n"): (typeof documents)["\n  mutation SaveLabel($caseId: ID!, $mask: Upload!, $base: ID, $key: String!, $comment: String!) {\n    saveLabel(caseId: $caseId, mask: $mask, baseLabelId: $base, idempotencyKey: $key, comment: $comment) {\n      replayed\n      label { id version }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LabelSaved($caseId: ID!) {\n    labelSaved(caseId: $caseId) { id version author { email } }\n  }\n"): (typeof documents)["\n  subscription LabelSaved($caseId: ID!) {\n    labelSaved(caseId: $caseId) { id version author { email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NextCase($after: ID) {\n    nextCase(after: $after) { id title }\n  }\n"): (typeof documents)["\n  query NextCase($after: ID) {\n    nextCase(after: $after) { id title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CasesPage($status: CaseStatus, $mine: Boolean!, $after: String) {\n    cases(first: 25, after: $after, status: $status, assignedToMe: $mine) {\n      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query CasesPage($status: CaseStatus, $mine: Boolean!, $after: String) {\n    cases(first: 25, after: $after, status: $status, assignedToMe: $mine) {\n      edges { node { id title status shape updatedAt assignee { id email } currentLabel { id version } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CasesViewer { me { id canManageCases } }\n"): (typeof documents)["\n  query CasesViewer { me { id canManageCases } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApprovalTimeline_Version on ModelVersion {\n    createdAt\n    validatedAt\n    status\n    approvalRequest {\n      id status comment createdAt decisionComment decidedAt\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    approvalHistory {\n      id status comment createdAt decisionComment decidedAt withdrawnAt cardRevision\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    cardHistory { revision at byEmail correction withdrewApproval reason changes { field } }\n  }\n"): (typeof documents)["\n  fragment ApprovalTimeline_Version on ModelVersion {\n    createdAt\n    validatedAt\n    status\n    approvalRequest {\n      id status comment createdAt decisionComment decidedAt\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    approvalHistory {\n      id status comment createdAt decisionComment decidedAt withdrawnAt cardRevision\n      submittedBy { id email }\n      decidedBy { id email }\n    }\n    cardHistory { revision at byEmail correction withdrewApproval reason changes { field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCard($id: ID!, $input: ModelCardInput!) {\n    updateModelCard(versionId: $id, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation UpdateCard($id: ID!, $input: ModelCardInput!) {\n    updateModelCard(versionId: $id, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviseCard($id: ID!, $input: ModelCardInput!, $reason: String!) {\n    reviseModelCard(versionId: $id, input: $input, reason: $reason) { id status }\n  }\n"): (typeof documents)["\n  mutation ReviseCard($id: ID!, $input: ModelCardInput!, $reason: String!) {\n    reviseModelCard(versionId: $id, input: $input, reason: $reason) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompareTable_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    description\n    createdAt\n    uploadedBy { id email }\n    card {\n      inputs { name dtype shape }\n      outputs { name dtype shape }\n      opsets { domain version }\n      producer\n      irVersion\n      parameterCount\n      sizeBytes\n      sha256\n      latencyP50Ms\n      latencyP95Ms\n      intendedUse\n      trainingData\n      metrics\n      limitations\n    }\n    report { name status message }\n    deployments { id environment status trafficPercent }\n  }\n"): (typeof documents)["\n  fragment CompareTable_Version on ModelVersion {\n    id\n    version\n    status\n    stage\n    description\n    createdAt\n    uploadedBy { id email }\n    card {\n      inputs { name dtype shape }\n      outputs { name dtype shape }\n      opsets { domain version }\n      producer\n      irVersion\n      parameterCount\n      sizeBytes\n      sha256\n      latencyP50Ms\n      latencyP95Ms\n      intendedUse\n      trainingData\n      metrics\n      limitations\n    }\n    report { name status message }\n    deployments { id environment status trafficPercent }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompareTable_Run on ScoringRun {\n    id\n    status\n    createdAt\n    finishedAt\n    windows\n    productionVersion { id version }\n    metrics { windows agreementRate meanAbsDifference latencyP95Ms version { id } }\n  }\n"): (typeof documents)["\n  fragment CompareTable_Run on ScoringRun {\n    id\n    status\n    createdAt\n    finishedAt\n    windows\n    productionVersion { id version }\n    metrics { windows agreementRate meanAbsDifference latencyP95Ms version { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitVersion($id: ID!, $comment: String!) {\n    submitForApproval(versionId: $id, comment: $comment) { id status }\n  }\n"): (typeof documents)["\n  mutation SubmitVersion($id: ID!, $comment: String!) {\n    submitForApproval(versionId: $id, comment: $comment) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveVersion($id: ID!, $comment: String!) {\n    approveModelVersion(id: $id, comment: $comment) { id status }\n  }\n"): (typeof documents)["\n  mutation ApproveVersion($id: ID!, $comment: String!) {\n    approveModelVersion(id: $id, comment: $comment) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectVersion($id: ID!, $comment: String!) {\n    rejectModelVersion(id: $id, comment: $comment) { id status }\n  }\n"): (typeof documents)["\n  mutation RejectVersion($id: ID!, $comment: String!) {\n    rejectModelVersion(id: $id, comment: $comment) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionLineage($id: ID!) {\n    modelVersion(id: $id) {\n      id\n      version\n      model { id name }\n      lineage {\n        nodes { id kind label detail href }\n        edges { source target }\n      }\n    }\n  }\n"): (typeof documents)["\n  query VersionLineage($id: ID!) {\n    modelVersion(id: $id) {\n      id\n      version\n      model { id name }\n      lineage {\n        nodes { id kind label detail href }\n        edges { source target }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionDossier($id: ID!) {\n    versionDossier(versionId: $id) { digest document }\n  }\n"): (typeof documents)["\n  query VersionDossier($id: ID!) {\n    versionDossier(versionId: $id) { digest document }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelCardView_Card on ModelCard {\n    inputs { name dtype shape }\n    outputs { name dtype shape }\n    opsets { domain version }\n    producer\n    irVersion\n    parameterCount\n    sizeBytes\n    sha256\n    latencyP50Ms\n    latencyP95Ms\n    intendedUse\n    trainingData\n    metrics\n    limitations\n    revision\n  }\n"): (typeof documents)["\n  fragment ModelCardView_Card on ModelCard {\n    inputs { name dtype shape }\n    outputs { name dtype shape }\n    opsets { domain version }\n    producer\n    irVersion\n    parameterCount\n    sizeBytes\n    sha256\n    latencyP50Ms\n    latencyP95Ms\n    intendedUse\n    trainingData\n    metrics\n    limitations\n    revision\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PromotionPolicyFields on PromotionPolicy {\n    modelId source requiredApprovals approverRoles requireValidation requiredCardFields\n    minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings updatedAt viewerCanEdit\n  }\n"): (typeof documents)["\n  fragment PromotionPolicyFields on PromotionPolicy {\n    modelId source requiredApprovals approverRoles requireValidation requiredCardFields\n    minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings updatedAt viewerCanEdit\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PromotionPolicy($modelId: ID) {\n    promotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n"): (typeof documents)["\n  query PromotionPolicy($modelId: ID) {\n    promotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPromotionPolicy($modelId: ID, $input: PromotionPolicyInput!) {\n    setPromotionPolicy(modelId: $modelId, input: $input) { ...PromotionPolicyFields }\n  }\n"): (typeof documents)["\n  mutation SetPromotionPolicy($modelId: ID, $input: PromotionPolicyInput!) {\n    setPromotionPolicy(modelId: $modelId, input: $input) { ...PromotionPolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearPromotionPolicy($modelId: ID!) {\n    clearPromotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n"): (typeof documents)["\n  mutation ClearPromotionPolicy($modelId: ID!) {\n    clearPromotionPolicy(modelId: $modelId) { ...PromotionPolicyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PromotionGates_Version on ModelVersion {\n    id\n    status\n    model { id name }\n    promotionGates {\n      passed\n      evaluatedAt\n      gates { gate title passed reason }\n      policy { source requiredApprovals approverRoles viewerCanEdit }\n    }\n  }\n"): (typeof documents)["\n  fragment PromotionGates_Version on ModelVersion {\n    id\n    status\n    model { id name }\n    promotionGates {\n      passed\n      evaluatedAt\n      gates { gate title passed reason }\n      policy { source requiredApprovals approverRoles viewerCanEdit }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CardChangeFields on CardChange { field before after }\n"): (typeof documents)["\n  fragment CardChangeFields on CardChange { field before after }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewPanel_Version on ModelVersion {\n    approvalRequest {\n      id status cardRevision cardSha256 reportSha256 fileSha256 requiredApprovals approverRoles approvals withdrawnAt\n      decisions { approve comment createdAt user { id email } }\n      changesSinceLastDecision { ...CardChangeFields }\n      withdrawalChanges { ...CardChangeFields }\n    }\n  }\n"): (typeof documents)["\n  fragment ReviewPanel_Version on ModelVersion {\n    approvalRequest {\n      id status cardRevision cardSha256 reportSha256 fileSha256 requiredApprovals approverRoles approvals withdrawnAt\n      decisions { approve comment createdAt user { id email } }\n      changesSinceLastDecision { ...CardChangeFields }\n      withdrawalChanges { ...CardChangeFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecurityFindings_Version on ModelVersion {\n    id\n    viewerCanReportFinding\n    securityFindings { id severity title detail status resolution createdAt resolvedAt viewerCanResolve reportedBy { id email } }\n  }\n"): (typeof documents)["\n  fragment SecurityFindings_Version on ModelVersion {\n    id\n    viewerCanReportFinding\n    securityFindings { id severity title detail status resolution createdAt resolvedAt viewerCanResolve reportedBy { id email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportFinding($versionId: ID!, $severity: FindingSeverity!, $title: String!, $detail: String!) {\n    reportSecurityFinding(versionId: $versionId, severity: $severity, title: $title, detail: $detail) { id status }\n  }\n"): (typeof documents)["\n  mutation ReportFinding($versionId: ID!, $severity: FindingSeverity!, $title: String!, $detail: String!) {\n    reportSecurityFinding(versionId: $versionId, severity: $severity, title: $title, detail: $detail) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveFinding($id: ID!, $resolution: String!) {\n    resolveSecurityFinding(id: $id, resolution: $resolution) { id status }\n  }\n"): (typeof documents)["\n  mutation ResolveFinding($id: ID!, $resolution: String!) {\n    resolveSecurityFinding(id: $id, resolution: $resolution) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ValidationReport_Check on ValidationCheck {\n    name\n    status\n    message\n  }\n"): (typeof documents)["\n  fragment ValidationReport_Check on ValidationCheck {\n    name\n    status\n    message\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription VersionWatch($id: ID!) {\n    modelVersionUpdated(id: $id) { id status validatedAt }\n  }\n"): (typeof documents)["\n  subscription VersionWatch($id: ID!) {\n    modelVersionUpdated(id: $id) { id status validatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalQueue($orderBy: ApprovalOrder!, $after: String) {\n    me { id }\n    approvalRequests(status: PENDING, first: 25, after: $after, orderBy: $orderBy) {\n      edges {\n        node {\n          id comment createdAt submittedBy { id email }\n          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ApprovalQueue($orderBy: ApprovalOrder!, $after: String) {\n    me { id }\n    approvalRequests(status: PENDING, first: 25, after: $after, orderBy: $orderBy) {\n      edges {\n        node {\n          id comment createdAt submittedBy { id email }\n          version { id version description model { id name } card { latencyP50Ms viewerCanApprove } }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ApprovalQueueChanged {\n    approvalRequestsChanged { id status }\n  }\n"): (typeof documents)["\n  subscription ApprovalQueueChanged {\n    approvalRequestsChanged { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ComparePage($id: ID!) {\n    model(id: $id) { id name versions { id version status } }\n    scoringRuns(modelId: $id, first: 20) { edges { node { ...CompareTable_Run } } }\n  }\n"): (typeof documents)["\n  query ComparePage($id: ID!) {\n    model(id: $id) { id name versions { id version status } }\n    scoringRuns(modelId: $id, first: 20) { edges { node { ...CompareTable_Run } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareVersion($id: ID!) {\n    modelVersion(id: $id) { ...CompareTable_Version }\n  }\n"): (typeof documents)["\n  query CompareVersion($id: ID!) {\n    modelVersion(id: $id) { ...CompareTable_Version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPage($id: ID!) {\n    me { id canUploadModels }\n    model(id: $id) {\n      id name description tags createdAt\n      versions { id version status stage description createdAt }\n    }\n  }\n"): (typeof documents)["\n  query ModelPage($id: ID!) {\n    me { id canUploadModels }\n    model(id: $id) {\n      id name description tags createdAt\n      versions { id version status stage description createdAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsPage($search: String, $status: ModelVersionStatus, $orderBy: ModelOrder!, $after: String) {\n    me { id canUploadModels }\n    models(first: 25, after: $after, search: $search, status: $status, orderBy: $orderBy) {\n      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ModelsPage($search: String, $status: ModelVersionStatus, $orderBy: ModelOrder!, $after: String) {\n    me { id canUploadModels }\n    models(first: 25, after: $after, search: $search, status: $status, orderBy: $orderBy) {\n      edges { node { id name description tags latestVersion versions(first: 3) { id version status } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadTargets {\n    me { id role canUploadModels }\n    models(first: 100) { edges { node { id name latestVersion } } }\n  }\n"): (typeof documents)["\n  query UploadTargets {\n    me { id role canUploadModels }\n    models(first: 100) { edges { node { id name latestVersion } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterModel($name: String!, $description: String!, $tags: [String!]) {\n    registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }\n  }\n"): (typeof documents)["\n  mutation RegisterModel($name: String!, $description: String!, $tags: [String!]) {\n    registerModel(name: $name, description: $description, tags: $tags) { id name latestVersion }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadVersion($file: Upload!, $modelId: ID!, $description: String!, $key: String) {\n    uploadModelVersion(file: $file, modelId: $modelId, description: $description, idempotencyKey: $key) {\n      replayed\n      version { id }\n    }\n  }\n"): (typeof documents)["\n  mutation UploadVersion($file: Upload!, $modelId: ID!, $description: String!, $key: String) {\n    uploadModelVersion(file: $file, modelId: $modelId, description: $description, idempotencyKey: $key) {\n      replayed\n      version { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionPage($id: ID!) {\n    me { id role canDecideApprovals }\n    modelVersion(id: $id) {\n      id\n      version\n      status\n      description\n      model { id name }\n      report { ...ValidationReport_Check }\n      card { viewerCanSubmit viewerCanApprove viewerCanEdit viewerCanRevise editable ...ModelCardView_Card }\n      ...ApprovalTimeline_Version\n      ...ReviewPanel_Version\n      ...PromotionGates_Version\n      ...SecurityFindings_Version\n      ...VersionDeployments_Version\n    }\n  }\n"): (typeof documents)["\n  query VersionPage($id: ID!) {\n    me { id role canDecideApprovals }\n    modelVersion(id: $id) {\n      id\n      version\n      status\n      description\n      model { id name }\n      report { ...ValidationReport_Check }\n      card { viewerCanSubmit viewerCanApprove viewerCanEdit viewerCanRevise editable ...ModelCardView_Card }\n      ...ApprovalTimeline_Version\n      ...ReviewPanel_Version\n      ...PromotionGates_Version\n      ...SecurityFindings_Version\n      ...VersionDeployments_Version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionDownload($id: ID!) {\n    modelVersion(id: $id) { id downloadUrl }\n  }\n"): (typeof documents)["\n  query VersionDownload($id: ID!) {\n    modelVersion(id: $id) { id downloadUrl }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentAlerts($deploymentId: ID!) {\n    alerts(deploymentId: $deploymentId, first: 50) {\n      edges { node { id feature kind status metric value threshold createdAt closedAt acknowledgedAt viewerCanAcknowledge } }\n    }\n  }\n"): (typeof documents)["\n  query DeploymentAlerts($deploymentId: ID!) {\n    alerts(deploymentId: $deploymentId, first: 50) {\n      edges { node { id feature kind status metric value threshold createdAt closedAt acknowledgedAt viewerCanAcknowledge } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) { id acknowledgedAt viewerCanAcknowledge }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) { id acknowledgedAt viewerCanAcknowledge }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertUpdated($deploymentId: ID!) {\n    alertUpdated(deploymentId: $deploymentId) { id status }\n  }\n"): (typeof documents)["\n  subscription AlertUpdated($deploymentId: ID!) {\n    alertUpdated(deploymentId: $deploymentId) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeatureDriftPanel_FeatureDrift on FeatureDrift {\n    name\n    kind\n    featureType\n    points { at psi ksStatistic ksPValue chiSquarePValue drifted liveCount referenceCount }\n    histogram { edges categories live reference }\n  }\n"): (typeof documents)["\n  fragment FeatureDriftPanel_FeatureDrift on FeatureDrift {\n    name\n    kind\n    featureType\n    points { at psi ksStatistic ksPValue chiSquarePValue drifted liveCount referenceCount }\n    histogram { edges categories live reference }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPayloadLogging($deploymentId: ID!, $samplePercent: Float!) {\n    setPayloadLogging(deploymentId: $deploymentId, samplePercent: $samplePercent) { samplePercent }\n  }\n"): (typeof documents)["\n  mutation SetPayloadLogging($deploymentId: ID!, $samplePercent: Float!) {\n    setPayloadLogging(deploymentId: $deploymentId, samplePercent: $samplePercent) { samplePercent }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDriftReference($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    setDriftReference(deploymentId: $deploymentId, from: $from, to: $to) { referenceFrom referenceTo }\n  }\n"): (typeof documents)["\n  mutation SetDriftReference($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    setDriftReference(deploymentId: $deploymentId, from: $from, to: $to) { referenceFrom referenceTo }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrafficPanel_VersionTraffic on VersionTraffic {\n    version\n    requests\n    errors\n    errorRate\n    points { at requests errorRate latencyP50Ms latencyP95Ms }\n  }\n"): (typeof documents)["\n  fragment TrafficPanel_VersionTraffic on VersionTraffic {\n    version\n    requests\n    errors\n    errorRate\n    points { at requests errorRate latencyP50Ms latencyP95Ms }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringDeployments($id: ID!) {\n    model(id: $id) { id name }\n    deployments(modelId: $id, status: LIVE, first: 10) {\n      edges { node { id environment version { id version } } }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringDeployments($id: ID!) {\n    model(id: $id) { id name }\n    deployments(modelId: $id, status: LIVE, first: 10) {\n      edges { node { id environment version { id version } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringReport($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    monitoringReport(deploymentId: $deploymentId, from: $from, to: $to) {\n      deploymentId\n      logging { samplePercent referenceFrom referenceTo }\n      reference { kind description liveFrom liveTo note }\n      thresholds { psi ksStatistic pValue }\n      features { name kind ...FeatureDriftPanel_FeatureDrift }\n      versions { version ...TrafficPanel_VersionTraffic }\n      viewerCanConfigure\n    }\n  }\n"): (typeof documents)["\n  query MonitoringReport($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {\n    monitoringReport(deploymentId: $deploymentId, from: $from, to: $to) {\n      deploymentId\n      logging { samplePercent referenceFrom referenceTo }\n      reference { kind description liveFrom liveTo note }\n      thresholds { psi ksStatistic pValue }\n      features { name kind ...FeatureDriftPanel_FeatureDrift }\n      versions { version ...TrafficPanel_VersionTraffic }\n      viewerCanConfigure\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TokenTable_PersonalAccessToken on PersonalAccessToken {\n    id\n    name\n    prefix\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    isActive\n  }\n"): (typeof documents)["\n  fragment TokenTable_PersonalAccessToken on PersonalAccessToken {\n    id\n    name\n    prefix\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    isActive\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessTokens {\n    personalAccessTokens { ...TokenTable_PersonalAccessToken }\n  }\n"): (typeof documents)["\n  query AccessTokens {\n    personalAccessTokens { ...TokenTable_PersonalAccessToken }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAccessToken($name: String!, $expiresInDays: Int!) {\n    createPersonalAccessToken(name: $name, expiresInDays: $expiresInDays) {\n      secret\n      token { id name }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAccessToken($name: String!, $expiresInDays: Int!) {\n    createPersonalAccessToken(name: $name, expiresInDays: $expiresInDays) {\n      secret\n      token { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAccessToken($id: ID!) {\n    revokePersonalAccessToken(id: $id) { id revokedAt isActive }\n  }\n"): (typeof documents)["\n  mutation RevokeAccessToken($id: ID!) {\n    revokePersonalAccessToken(id: $id) { id revokedAt isActive }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryLog_Delivery on WebhookDelivery {\n    id\n    event\n    status\n    attempts\n    lastResponseCode\n    lastError\n    nextAttemptAt\n    durationMs\n    requestBody\n    createdAt\n    finishedAt\n    redeliveryOfId\n    attemptLog { number startedAt responseCode error durationMs requestHeaders responseBody }\n  }\n"): (typeof documents)["\n  fragment DeliveryLog_Delivery on WebhookDelivery {\n    id\n    event\n    status\n    attempts\n    lastResponseCode\n    lastError\n    nextAttemptAt\n    durationMs\n    requestBody\n    createdAt\n    finishedAt\n    redeliveryOfId\n    attemptLog { number startedAt responseCode error durationMs requestHeaders responseBody }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookForm_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n  }\n"): (typeof documents)["\n  fragment WebhookForm_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookTable_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n    lastDelivery { id status createdAt }\n  }\n"): (typeof documents)["\n  fragment WebhookTable_Webhook on Webhook {\n    id\n    url\n    events\n    description\n    active\n    lastDelivery { id status createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {\n      edges { node { ...DeliveryLog_Delivery } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveriesPage($webhookId: ID!, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: 20, after: $after) {\n      edges { node { ...DeliveryLog_Delivery } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebhookDeliveryUpdated($webhookId: ID!) {\n    webhookDeliveryUpdated(webhookId: $webhookId) { ...DeliveryLog_Delivery }\n  }\n"): (typeof documents)["\n  subscription WebhookDeliveryUpdated($webhookId: ID!) {\n    webhookDeliveryUpdated(webhookId: $webhookId) { ...DeliveryLog_Delivery }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_Delivery }\n  }\n"): (typeof documents)["\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_Delivery }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookPage($id: ID!) {\n    webhook(id: $id) { id url updatedAt ...WebhookForm_Webhook }\n    webhookEvents\n  }\n"): (typeof documents)["\n  query WebhookPage($id: ID!) {\n    webhook(id: $id) { id url updatedAt ...WebhookForm_Webhook }\n    webhookEvents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url updatedAt ...WebhookForm_Webhook }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url updatedAt ...WebhookForm_Webhook }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) { secret webhook { id url } }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) { secret webhook { id url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { id status } }\n"): (typeof documents)["\n  mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhooksPage {\n    webhooks { ...WebhookTable_Webhook }\n    webhookEvents\n  }\n"): (typeof documents)["\n  query WebhooksPage {\n    webhooks { ...WebhookTable_Webhook }\n    webhookEvents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;