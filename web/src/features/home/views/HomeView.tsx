import { Link } from "react-router-dom";
import { QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { PingCheck } from "../../diagnostics/components/PingCheck";

export const OverviewDocument = graphql(`
  query Overview {
    me { id email role tenant { name slug } canManageUsers canReadAuditLog }
  }
`);

export function HomeView() {
  const overview = useQuery(OverviewDocument);
  return (
    <>
      <h1>Overview</h1>
      <QueryResult state={overview}>
        {({ me }) => (
          <div className="panel">
            <dl className="facts">
              <dt>Signed in as</dt><dd>{me.email}</dd>
              <dt>Role</dt><dd>{me.role}</dd>
              <dt>Tenant</dt><dd>{me.tenant.name} (<code>{me.tenant.slug}</code>)</dd>
            </dl>
            <p>
              {me.canManageUsers && <Link to="/users">Manage users</Link>}
              {me.canReadAuditLog && <> · <Link to="/audit">Read the audit log</Link></>}
            </p>
          </div>
        )}
      </QueryResult>
      <PingCheck />
    </>
  );
}
