// The tenant's audit log for admins, newest first; filters live in the URL so a link (or a
// return from sign-in) keeps them.
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";
import { AuditFilters, type AuditFilterValues } from "../components/AuditFilters";
import { AuditTable } from "../components/AuditTable";

export const AuditPageDocument = graphql(`
  query AuditPage($after: String, $action: String, $actorId: ID, $targetId: String) {
    auditLog(first: 25, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {
      edges { node { ...AuditTable_Entry } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AuditActorsDocument = graphql(`
  query AuditActors {
    users(first: 200) { edges { node { id email } } }
  }
`);

export function AuditLogView() {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilterValues = {
    action: params.get("action") ?? "",
    actorId: params.get("actor") ?? "",
    targetId: params.get("target") ?? "",
  };
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const log = useQuery(AuditPageDocument, {
    after: cursors[cursors.length - 1] ?? null,
    action: filters.action || null,
    actorId: filters.actorId || null,
    targetId: filters.targetId || null,
  });
  const actors = useQuery(AuditActorsDocument);
  const apply = (v: AuditFilterValues) => {
    const next = new URLSearchParams();
    if (v.action) next.set("action", v.action);
    if (v.actorId) next.set("actor", v.actorId);
    if (v.targetId) next.set("target", v.targetId);
    setCursors([null]);
    setParams(next);
  };
  return (
    <>
      <h1>Audit log</h1>
      <AuditFilters value={filters} actors={actors.data?.users.edges.map((e) => e.node) ?? []} onChange={apply} />
      <QueryResult state={log} what="Loading the audit log">
        {(data) => (
          <>
            {data.auditLog.edges.length === 0 ? (
              <Empty>No entries match these filters.</Empty>
            ) : (
              <AuditTable entries={data.auditLog.edges.map((e) => e.node)} />
            )}
            <div className="pager">
              {cursors.length > 1 && (
                <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
              )}
              {data.auditLog.pageInfo.hasNextPage && (
                <button type="button" className="secondary"
                  onClick={() => setCursors([...cursors, data.auditLog.pageInfo.endCursor ?? null])}>
                  Older
                </button>
              )}
            </div>
          </>
        )}
      </QueryResult>
    </>
  );
}
