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

export function UserTable({ users }: { users: UserTable_UserFragment[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr><th>Email</th><th>Role</th><th>Status</th><th>Added</th></tr>
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
