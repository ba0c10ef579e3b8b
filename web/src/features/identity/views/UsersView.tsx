// The tenant's users (admins), with a form to add one; filtered by role or part of the email and
// sorted by email on the server, a page at a time. Others are told which role the page needs.
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";
import { LoadMore } from "../../../components/LoadMore";
import { SortHeader } from "../../../components/SortHeader";
import { Empty, ErrorMessage, Loading, NotAllowed, QueryResult } from "../../../components/States";
import { useToast } from "../../../components/Toast";
import { graphql } from "../../../gql";
import type { Role, UserOrder } from "../../../gql/graphql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";
import { CreateUserForm, type NewUser } from "../components/CreateUserForm";
import { UserTable } from "../components/UserTable";

export const UsersViewerDocument = graphql(`
  query UsersViewer {
    me { id role canManageUsers }
  }
`);

export const UsersPageDocument = graphql(`
  query UsersPage($after: String, $search: String, $role: Role, $orderBy: UserOrder!) {
    users(first: 50, after: $after, search: $search, role: $role, orderBy: $orderBy) {
      edges { node { ...UserTable_User } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AddUserDocument = graphql(`
  mutation AddUser($input: CreateUserInput!) {
    createUser(input: $input) { id email }
  }
`);

const ROLES: Role[] = ["ADMIN", "ML_ENGINEER", "DATA_SCIENTIST", "LABELER", "VIEWER"];

function UserList() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const role = ROLES.find((r) => r === params.get("role")) ?? null;
  const orderBy: UserOrder = params.get("sort") === "EMAIL_DESC" ? "EMAIL_DESC" : "EMAIL";
  const [draft, setDraft] = useState(search);
  const users = usePagedQuery(UsersPageDocument, { search: search || null, role, orderBy }, "users");
  const [create, created] = useMutation(AddUserDocument);
  const toast = useToast();
  const go = (values: { q: string; role: string; sort: UserOrder }) => {
    const next: Record<string, string> = {};
    if (values.q) next.q = values.q;
    if (values.role) next.role = values.role;
    if (values.sort !== "EMAIL") next.sort = values.sort;
    setParams(next);
  };
  const add = async (user: NewUser) => {
    const done = await create({ input: user });
    if (done) {
      toast(`Added ${done.createUser.email}.`);
      users.refetch();
    }
    return !!done;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: draft.trim(), role: role ?? "", sort: orderBy });
  };
  return (
    <>
      <CreateUserForm onSubmit={add} error={created.error} running={created.running} />
      <h2>People</h2>
      <form className="row panel filters" role="search" aria-label="Filter users" onSubmit={submit}>
        <label style={{ flex: 1 }}>
          Email contains
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={320} />
        </label>
        <label>
          Role
          <select value={role ?? ""} onChange={(e) => go({ q: search, role: e.target.value, sort: orderBy })}>
            <option value="">any</option>
            {ROLES.map((r) => <option key={r} value={r}>{r.replace(/_/g, " ").toLowerCase()}</option>)}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <QueryResult state={users} what="Loading users">
        {() =>
          users.nodes.length === 0 ? (
            <Empty>{search || role ? "No user matches." : "No users yet."}</Empty>
          ) : (
            <>
              <UserTable
                users={users.nodes}
                caption={`Users${role ? ` with the role ${role.replace(/_/g, " ").toLowerCase()}` : ""}${search ? ` whose email contains “${search}”` : ""}, by email ${orderBy === "EMAIL" ? "A to Z" : "Z to A"}`}
                emailHeader={
                  <SortHeader current={orderBy === "EMAIL" ? "ascending" : "descending"}
                    onSort={(d) => go({ q: search, role: role ?? "", sort: d === "ascending" ? "EMAIL" : "EMAIL_DESC" })}>
                    Email
                  </SortHeader>
                }
              />
              <LoadMore state={users} what="users" />
            </>
          )
        }
      </QueryResult>
    </>
  );
}

export function UsersView() {
  const viewer = useQuery(UsersViewerDocument);
  const me = viewer.data?.me;
  return (
    <>
      <h1>Users</h1>
      {me ? (
        me.canManageUsers ? <UserList /> : <NotAllowed role={me.role} action="manage users" needs="admin" />
      ) : viewer.error ? (
        <ErrorMessage error={viewer.error} onRetry={viewer.refetch} />
      ) : (
        <Loading />
      )}
    </>
  );
}
