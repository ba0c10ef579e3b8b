// Personal access tokens for scripts and notebooks: create one (its secret shown once), see when
// each was last used, revoke the ones no longer needed.
import { useState } from "react";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useMutation, useQuery } from "../../../lib/hooks";
import { CreateTokenForm, type NewToken } from "../components/CreateTokenForm";
import { TokenSecretOnce } from "../components/TokenSecretOnce";
import { TokenTable } from "../components/TokenTable";

export const AccessTokensDocument = graphql(`
  query AccessTokens {
    personalAccessTokens { ...TokenTable_PersonalAccessToken }
  }
`);

export const CreateAccessTokenDocument = graphql(`
  mutation CreateAccessToken($name: String!, $expiresInDays: Int!) {
    createPersonalAccessToken(name: $name, expiresInDays: $expiresInDays) {
      secret
      token { id name }
    }
  }
`);

export const RevokeAccessTokenDocument = graphql(`
  mutation RevokeAccessToken($id: ID!) {
    revokePersonalAccessToken(id: $id) { id revokedAt isActive }
  }
`);

export function AccessTokensView() {
  const tokens = useQuery(AccessTokensDocument);
  const [create, created] = useMutation(CreateAccessTokenDocument);
  const [revoke, revoked] = useMutation(RevokeAccessTokenDocument);
  const [shown, setShown] = useState<{ name: string; secret: string } | null>(null);
  const add = async (token: NewToken) => {
    const done = await create(token);
    if (!done) return false;
    setShown({ name: done.createPersonalAccessToken.token.name, secret: done.createPersonalAccessToken.secret });
    tokens.refetch();
    return true;
  };
  const remove = async (id: string) => {
    const done = await revoke({ id });
    if (done) tokens.refetch();
    return !!done;
  };
  return (
    <>
      <h1>Access tokens</h1>
      <p className="muted">
        For scripts and notebooks: each acts as you, with your role, until it expires or you revoke it.
      </p>
      {shown ? (
        <TokenSecretOnce name={shown.name} secret={shown.secret} onDone={() => setShown(null)} />
      ) : (
        <CreateTokenForm onSubmit={add} error={created.error} running={created.running} />
      )}
      {revoked.error && <p className="field-error" role="alert">{revoked.error.code}: {revoked.error.message}</p>}
      <QueryResult state={tokens} what="Loading access tokens">
        {(data) => data.personalAccessTokens.length === 0
          ? <Empty>No access tokens yet.</Empty>
          : <TokenTable tokens={data.personalAccessTokens} onRevoke={remove} revoking={revoked.running} />}
      </QueryResult>
    </>
  );
}
