// The frame of every signed-in page: navigation from what the server says the viewer may see, the
// toasts any page may raise, and the page's title and focus after each navigation.
import { useRef, useState } from "react";
import { NavLink, Outlet } from "react-router-dom";
import { ErrorMessage, Loading } from "../components/States";
import { ToastProvider } from "../components/Toast";
import { graphql } from "../gql";
import type { Nav_ViewerFragment } from "../gql/graphql";
import { useAuth } from "../lib/auth";
import { useQuery } from "../lib/hooks";
import { usePageHeading } from "./pageHeading";

graphql(`
  fragment Nav_Viewer on Viewer {
    email
    role
    tenant { name }
    canManageUsers
    canReadAuditLog
    canDecideApprovals
    canExportHistory
    canReadHistory
    canReadModels
    canManageWebhooks
  }
`);

export const ShellDocument = graphql(`
  query Shell {
    me { id ...Nav_Viewer }
  }
`);

function Nav({ viewer, onNavigate }: { viewer: Nav_ViewerFragment; onNavigate: () => void }) {
  const links: [string, string, boolean][] = [
    ["/", "Overview", true],
    ["/assets", "Assets", viewer.canReadHistory],
    ["/exports", "My exports", viewer.canExportHistory],
    ["/models", "Models", viewer.canReadModels],
    ["/approvals", "Approvals", viewer.canDecideApprovals],
    ["/labeling", "Labeling", true],
    ["/users", "Users", viewer.canManageUsers],
    ["/audit", "Audit log", viewer.canReadAuditLog],
    ["/webhooks", "Webhooks", viewer.canManageWebhooks],
  ];
  return (
    <nav className="nav" aria-label="Main">
      {links.filter(([, , shown]) => shown).map(([to, label]) => (
        <NavLink key={to} to={to} end={to === "/"} onClick={onNavigate}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

export function Shell() {
  const shell = useQuery(ShellDocument);
  const { signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  usePageHeading(main);
  const viewer = shell.data?.me;
  return (
    <ToastProvider>
      <div className="shell">
        <a className="skip" href="#main">Skip to content</a>
        <header className={`sidebar${open ? " open" : ""}`}>
          <NavLink to="/" className="brand">Slipway</NavLink>
          <button type="button" className="menu-toggle secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
            Menu
          </button>
          {viewer && <Nav viewer={viewer} onNavigate={() => setOpen(false)} />}
          {viewer && (
            <div className="who">
              <span>{viewer.email}</span>
              <span>{viewer.role} · {viewer.tenant.name}</span>
              <NavLink to="/tokens" onClick={() => setOpen(false)}>Access tokens</NavLink>
              <button type="button" className="secondary" onClick={signOut}>Sign out</button>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1} ref={main}>
          {shell.error && !viewer ? <ErrorMessage error={shell.error} onRetry={shell.refetch} /> : viewer ? <Outlet /> : <Loading />}
        </main>
      </div>
    </ToastProvider>
  );
}
