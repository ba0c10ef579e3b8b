// Ids of people become emails where the viewer may read them (admins); others see "a colleague".
import { graphql } from "../../../gql";
import { useQuery } from "../../../lib/hooks";

export const UserEmailDocument = graphql(`
  query UserEmail($id: ID!) {
    user(id: $id) { id email }
  }
`);

export function UserEmail({ id }: { id: string }) {
  const user = useQuery(UserEmailDocument, { id });
  if (user.data) return <>{user.data.user.email}</>;
  return <span className="muted">{user.loading ? "…" : "a colleague"}</span>;
}
