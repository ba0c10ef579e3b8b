// The overview: per role, what waits on the signed-in person. Each block shows only to roles the
// server says may act on it (`me.can…`), links to its page and says what to do when it is empty.
import { Link } from "react-router-dom";
import { QueryResult, roleWords } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { PingCheck } from "../../diagnostics/components/PingCheck";
import { LiveDeployments } from "../components/LiveDeployments";
import { MyCases } from "../components/MyCases";
import { MyModels } from "../components/MyModels";
import { PendingApprovals } from "../components/PendingApprovals";
import { RecentExports } from "../components/RecentExports";
import "../home.css";

export const OverviewDocument = graphql(`
  query Overview {
    me {
      id email role tenant { name slug }
      canManageUsers canReadAuditLog canDecideApprovals canUploadModels canDeploy canExportHistory canLabel canReadModels
      canReadHistory
    }
  }
`);

export function HomeView() {
  const overview = useQuery(OverviewDocument);
  return (
    <>
      <h1>Overview</h1>
      <QueryResult state={overview}>
        {({ me }) => {
          const blocks = [
            me.canDecideApprovals && <PendingApprovals key="approvals" viewerId={me.id} />,
            me.canUploadModels && <MyModels key="models" />,
            me.canDeploy && <LiveDeployments key="deployments" />,
            me.canLabel && <MyCases key="cases" viewerId={me.id} />,
            me.canExportHistory && <RecentExports key="exports" />,
          ].filter(Boolean);
          return (
            <>
              <p className="muted overview-who">
                Signed in as <strong>{me.email}</strong> ({roleWords(me.role)}) in {me.tenant.name} (<code>{me.tenant.slug}</code>)
                {me.canManageUsers && <> · <Link to="/users">Manage users</Link></>}
                {me.canReadAuditLog && <> · <Link to="/audit">Audit log</Link></>}
              </p>
              {blocks.length > 0 ? (
                <div className="overview-grid">{blocks}</div>
              ) : (
                <div className="state" role="note">
                  Nothing here waits on your role ({roleWords(me.role)}): it reads.{" "}
                  {me.canReadModels && <>Browse <Link to="/models">Models</Link>{me.canReadHistory ? " or " : "."}</>}
                  {me.canReadHistory && <><Link to="/assets">Assets</Link>.</>}
                </div>
              )}
            </>
          );
        }}
      </QueryResult>
      <PingCheck />
    </>
  );
}
