// The tenant's audit log for admins, newest first; filters live in the URL so a link (or a
// return from sign-in) keeps them.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { Empty, ErrorMessage, Loading, NotAllowed, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { AuditActorsQuery } from "../../../gql/graphql";
import { asFailure, type GraphQLFailure } from "../../../lib/graphql";
import { useClient, useQuery } from "../../../lib/hooks";
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
  query AuditActors($after: String) {
    users(first: 100, after: $after) {
      edges { node { id email } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AuditViewerDocument = graphql(`
  query AuditViewer {
    me { id role canReadAuditLog }
  }
`);

/** Every user for the Actor filter: the API gives at most 100 a page, so follow the pages. */
function useAllUsers(skip: boolean) {
  const client = useClient();
  const [state, setState] = useState<{ users: { id: string; email: string }[]; error?: GraphQLFailure; done: boolean }>({ users: [], done: false });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (skip) return;
    let live = true;
    void (async () => {
      const users: { id: string; email: string }[] = [];
      let after: string | null = null;
      try {
        for (let page = 0; page < 100; page++) {
          const data: AuditActorsQuery = await client.request(AuditActorsDocument, { after });
          users.push(...data.users.edges.map((e) => e.node));
          if (!data.users.pageInfo.hasNextPage || !data.users.pageInfo.endCursor) break;
          after = data.users.pageInfo.endCursor;
        }
        if (live) setState({ users, done: true });
      } catch (e) {
        if (live) setState({ users, error: asFailure(e), done: true });
      }
    })();
    return () => {
      live = false;
    };
  }, [client, skip, generation]);
  return { ...state, retry: () => setGeneration((g) => g + 1) };
}

export function AuditLogView() {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilterValues = {
    action: params.get("action") ?? "",
    actorId: params.get("actor") ?? "",
    targetId: params.get("target") ?? "",
  };
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const viewer = useQuery(AuditViewerDocument);
  const allowed = viewer.data?.me.canReadAuditLog === true;
  const log = useQuery(AuditPageDocument, {
    after: cursors[cursors.length - 1] ?? null,
    action: filters.action || null,
    actorId: filters.actorId || null,
    targetId: filters.targetId || null,
  }, { skip: !allowed });
  const actors = useAllUsers(!allowed);
  const apply = (v: AuditFilterValues) => {
    const next = new URLSearchParams();
    if (v.action) next.set("action", v.action);
    if (v.actorId) next.set("actor", v.actorId);
    if (v.targetId) next.set("target", v.targetId);
    setCursors([null]);
    setParams(next);
  };
  if (!allowed) {
    return (
      <>
        <h1>Audit log</h1>
        {viewer.data ? (
          <NotAllowed role={viewer.data.me.role} action="read the audit log" needs="admin" />
        ) : viewer.error ? (
          <ErrorMessage error={viewer.error} onRetry={viewer.refetch} />
        ) : (
          <Loading what="Loading" />
        )}
      </>
    );
  }
  return (
    <>
      <h1>Audit log</h1>
      <AuditFilters value={filters} actors={actors.users} onChange={apply} />
      {actors.error && (
        <>
          <p style={{ margin: "0 0 4px" }}>The Actor filter could not list every user:</p>
          <ErrorMessage error={actors.error} onRetry={actors.retry} />
        </>
      )}
      <QueryResult state={log} what="Loading the audit log">
        {(data) => (
          <>
            {data.auditLog.edges.length === 0 ? (
              <Empty>No entries match these filters.</Empty>
            ) : (
              <AuditTable entries={data.auditLog.edges.map((e) => e.node)}
                caption={`Audit log entries${filters.action || filters.actorId || filters.targetId ? " matching the filters" : ""}, newest first${cursors.length > 1 ? `, page ${cursors.length}` : ""}`} />
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
