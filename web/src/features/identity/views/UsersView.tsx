// The tenant's users (admins), with a form to add one; cursor pages of 50.
import { useState } from "react";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { CreateUserForm, type NewUser } from "../components/CreateUserForm";
import { UserTable } from "../components/UserTable";

export const UsersPageDocument = graphql(`
  query UsersPage($after: String) {
    users(first: 50, after: $after) {
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

export function UsersView() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const users = useQuery(UsersPageDocument, { after });
  const [create, created] = useMutation(AddUserDocument);
  const add = async (user: NewUser) => {
    const done = await create({ input: user });
    if (done) users.refetch();
    return !!done;
  };
  return (
    <>
      <h1>Users</h1>
      <CreateUserForm onSubmit={add} error={created.error} running={created.running} />
      {created.data && <p role="status">Added {created.data.createUser.email}.</p>}
      <QueryResult state={users} what="Loading users">
        {(data) => (
          <>
            {data.users.edges.length === 0 ? <Empty>No users yet.</Empty> : <UserTable users={data.users.edges.map((e) => e.node)} />}
            <div className="pager">
              {cursors.length > 1 && (
                <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
              )}
              {data.users.pageInfo.hasNextPage && (
                <button type="button" className="secondary" onClick={() => setCursors([...cursors, data.users.pageInfo.endCursor ?? null])}>
                  Next
                </button>
              )}
            </div>
          </>
        )}
      </QueryResult>
    </>
  );
}
