import type { ReactNode } from "react";
import { graphql } from "../../../gql";
import type { UserTable_UserFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";

graphql(`
  fragment UserTable_User on User {
    id
    email
    role
    isActive
    createdAt
  }
`);

/** `emailHeader`: the Email column's head when the caller sorts by it (a SortHeader). */
export function UserTable({ users, caption, emailHeader }: { users: UserTable_UserFragment[]; caption: string; emailHeader?: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>{emailHeader ?? <th>Email</th>}<th>Role</th><th>Status</th><th>Added</th></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.isActive ? <span className="badge ok">active</span> : <span className="badge">inactive</span>}</td>
              <td>{formatTime(u.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
