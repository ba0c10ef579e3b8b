// Label sets on the labeling page: freeze the current mask of every labelled case under a name (the training
// data a model version names), list the sets with their hashes, delete one nothing was trained on.
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { LoadMore } from "../../../components/LoadMore";
import { ErrorMessage } from "../../../components/States";
import { useToast } from "../../../components/Toast";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { asFailure, type GraphQLFailure } from "../../../lib/graphql";
import { useClient } from "../../../lib/hooks";
import { usePagedQuery } from "../../../lib/paging";

export const LabelSetsDocument = graphql(`
  query LabelSets($after: String) {
    me { id canUploadModels canManageCases }
    labelSets(first: 20, after: $after) {
      edges { node { id name description caseCount sha256 createdAt createdBy { email } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CreateLabelSetDocument = graphql(`
  mutation CreateLabelSet($name: String!, $description: String!) {
    createLabelSet(name: $name, description: $description) { id name caseCount }
  }
`);

export const DeleteLabelSetDocument = graphql(`
  mutation DeleteLabelSet($id: ID!) { deleteLabelSet(id: $id) }
`);

interface Doomed { id: string; name: string }

export function LabelSets() {
  const client = useClient();
  const toast = useToast();
  const sets = usePagedQuery(LabelSetsDocument, {}, "labelSets");
  const me = sets.data?.me;
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphQLFailure>();
  const [doomed, setDoomed] = useState<Doomed | null>(null);
  const [deleting, setDeleting] = useState(false);

  const freeze = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const made = (await client.request(CreateLabelSetDocument, { name, description })).createLabelSet;
      toast(`Label set ${made.name} frozen: ${made.caseCount} cases, each with its current mask.`);
      setName("");
      setDescription("");
      sets.refetch();
    } catch (err) {
      setError(asFailure(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!doomed) return;
    setDeleting(true);
    try {
      await client.request(DeleteLabelSetDocument, { id: doomed.id });
      toast(`Label set ${doomed.name} deleted.`);
      sets.refetch();
    } catch (err) {
      toast(asFailure(err).message, "bad");
    } finally {
      setDeleting(false);
      setDoomed(null);
    }
  };

  const canFreeze = Boolean(me && (me.canUploadModels || me.canManageCases));
  return (
    <section className="panel stack" aria-labelledby="label-sets-heading">
      <h2 id="label-sets-heading" style={{ margin: 0 }}>Label sets</h2>
      <p className="muted" style={{ margin: 0 }}>
        A label set freezes the current mask of each case under a name. A model version names the sets it was
        trained on; a set stays as long as such a version exists.
      </p>
      {canFreeze && (
        <form className="stack" onSubmit={(e) => void freeze(e)} aria-label="Freeze a label set">
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200}
              placeholder="liver-2026-12" aria-invalid={error?.field === "name"} />
          </label>
          <label>
            Description <span className="muted">(optional)</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
          </label>
          {error && <ErrorMessage error={error} />}
          <div>
            <button type="submit" aria-disabled={busy}>{busy ? "Freezing…" : "Freeze every labelled case"}</button>
          </div>
        </form>
      )}
      {sets.error && <ErrorMessage error={sets.error} onRetry={sets.refetch} />}
      {sets.nodes.length === 0 && !sets.loading && !sets.error && (
        <p className="muted" style={{ margin: 0 }}>No label set yet.{canFreeze ? " Freeze one once cases have masks." : ""}</p>
      )}
      {sets.nodes.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Label sets, newest first</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Cases</th><th scope="col">sha256</th><th scope="col">Frozen</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {sets.nodes.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}{s.description && <div className="muted">{s.description}</div>}</td>
                  <td>{s.caseCount.toLocaleString()}</td>
                  <td><code title={s.sha256}>{s.sha256.slice(0, 12)}…</code></td>
                  <td>{formatTime(s.createdAt)}{s.createdBy && <div className="muted">{s.createdBy.email}</div>}</td>
                  <td>
                    {me?.canManageCases && (
                      <button type="button" className="secondary" onClick={() => setDoomed({ id: s.id, name: s.name })}
                        aria-label={`Delete label set ${s.name}`}>Delete</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore state={sets} what="label sets" />
      {doomed && (
        <ConfirmDialog title={`Delete label set ${doomed.name}?`} confirmLabel={`Delete ${doomed.name}`} busyLabel="Deleting…"
          busy={deleting} onConfirm={() => void remove()} onCancel={() => setDoomed(null)}>
          The frozen list of masks goes; the cases and their masks stay. A set a model version was trained on cannot be
          deleted.
        </ConfirmDialog>
      )}
    </section>
  );
}
