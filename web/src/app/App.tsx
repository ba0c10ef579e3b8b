// Routes. Every page but sign-in needs a token; without one the user signs in and comes back.
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { AssetsView } from "../features/assets/views/AssetsView";
import { AssetView } from "../features/assets/views/AssetView";
import { ExportsView } from "../features/assets/views/ExportsView";
import { CasesView } from "../features/labels/views/CasesView";
import { CaseView } from "../features/labels/views/CaseView";
import { ApprovalsView } from "../features/models/views/ApprovalsView";
import { CompareView } from "../features/models/views/CompareView";
import { ModelsView } from "../features/models/views/ModelsView";
import { ModelView } from "../features/models/views/ModelView";
import { UploadView } from "../features/models/views/UploadView";
import { VersionView } from "../features/models/views/VersionView";
import { AuditLogView } from "../features/audit/views/AuditLogView";
import { DeploymentView } from "../features/deployments/views/DeploymentView";
import { ModelDeploymentsView } from "../features/deployments/views/ModelDeploymentsView";
import { ShadowReportView } from "../features/deployments/views/ShadowReportView";
import { HomeView } from "../features/home/views/HomeView";
import { MonitoringView } from "../features/monitoring/views/MonitoringView";
import { OidcCallbackView } from "../features/identity/views/OidcCallbackView";
import { SignInView } from "../features/identity/views/SignInView";
import { UsersView } from "../features/identity/views/UsersView";
import { AccessTokensView } from "../features/tokens/views/AccessTokensView";
import { WebhooksView } from "../features/webhooks/views/WebhooksView";
import { WebhookView } from "../features/webhooks/views/WebhookView";
import { useAuth } from "../lib/auth";
import { Shell } from "./Shell";

function RequireSignIn() {
  const { token } = useAuth();
  const location = useLocation();
  if (!token) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Shell />;
}

function NotFound() {
  return (
    <div className="state error" role="alert">
      <span className="code">NOT_FOUND</span>: there is no page at this address.
    </div>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInView />} />
      <Route path="/signin/callback" element={<OidcCallbackView />} />
      <Route element={<RequireSignIn />}>
        <Route index element={<HomeView />} />
        <Route path="users" element={<UsersView />} />
        <Route path="tokens" element={<AccessTokensView />} />
        <Route path="audit" element={<AuditLogView />} />
        <Route path="webhooks" element={<WebhooksView />} />
        <Route path="webhooks/:id" element={<WebhookView />} />
        <Route path="assets" element={<AssetsView />} />
        <Route path="assets/:id" element={<AssetView />} />
        <Route path="exports" element={<ExportsView />} />
        <Route path="models" element={<ModelsView />} />
        <Route path="models/upload" element={<UploadView />} />
        <Route path="models/versions/:id" element={<VersionView />} />
        <Route path="models/:id" element={<ModelView />} />
        <Route path="models/:id/deployments" element={<ModelDeploymentsView />} />
        <Route path="models/:id/shadow" element={<ShadowReportView />} />
        <Route path="models/:id/monitoring" element={<MonitoringView />} />
        <Route path="models/:id/compare" element={<CompareView />} />
        <Route path="deployments/:id" element={<DeploymentView />} />
        <Route path="approvals" element={<ApprovalsView />} />
        <Route path="labeling" element={<CasesView />} />
        <Route path="labeling/cases/:id" element={<CaseView />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
