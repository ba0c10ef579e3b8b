// Create a case from a NIfTI image (and optionally a first mask), name its labels and assign it: for
// admins and ML engineers (`me.canManageCases`). The files stream with a progress bar.
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import { asFailure, GraphQLFailure } from "../../../lib/graphql";
import { useClient } from "../../../lib/hooks";
import { useAssigneeOptions } from "./AssignControl";

export const CreateCaseDocument = graphql(`
  mutation CreateCase($title: String!, $image: Upload!, $mask: Upload, $assigneeId: ID, $labelValues: [Int!], $labelNames: [LabelNameInput!]) {
    createCase(title: $title, image: $image, mask: $mask, assigneeId: $assigneeId, labelValues: $labelValues, labelNames: $labelNames) {
      id title
    }
  }
`);

/** "liver, tumour" -> values 0 (background), 1, 2 with those names; empty -> the server's default values. */
export function labelsFrom(text: string): { values: number[]; names: { value: number; name: string }[] } | null {
  const names = text.split(",").map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) return null;
  return { values: [0, ...names.map((_, i) => i + 1)], names: names.map((name, i) => ({ value: i + 1, name })) };
}

const NIFTI = ".nii,.nii.gz,.gz";

export function NewCaseForm({ onCreated }: { onCreated: (id: string) => void }) {
  const client = useClient();
  const [title, setTitle] = useState("");
  const [image, setImage] = useState<File | null>(null);
  const [mask, setMask] = useState<File | null>(null);
  const [labels, setLabels] = useState("");
  const [assignee, setAssignee] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<GraphQLFailure>();
  const assignees = useAssigneeOptions();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (progress !== null) return;
    if (!image) {
      setError(new GraphQLFailure([{ message: "Choose the image file (.nii or .nii.gz).", code: "BAD_USER_INPUT", field: "image" }]));
      return;
    }
    setError(undefined);
    setProgress(0);
    const parsed = labelsFrom(labels);
    const files: Record<string, File> = { image };
    if (mask) files.mask = mask;
    try {
      const made = await client.upload(CreateCaseDocument, {
        title, image: null as unknown as File, mask: null, assigneeId: assignee || null,
        labelValues: parsed?.values ?? null, labelNames: parsed?.names ?? null,
      }, files, (p) => setProgress(p.total ? p.loaded / p.total : 0)).result;
      onCreated(made.createCase.id);
    } catch (err) {
      setError(asFailure(err));
      setProgress(null);
    }
  };

  const field = (name: string) => error?.forField(name);
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} aria-labelledby="new-case">
      <h2 id="new-case" style={{ marginTop: 0 }}>New case</h2>
      <label>
        Title
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!field("title")} />
        {field("title") && <span className="field-error">{field("title")}</span>}
      </label>
      <label>
        Image (NIfTI, .nii or .nii.gz)
        <input type="file" accept={NIFTI} onChange={(e) => setImage(e.target.files?.[0] ?? null)} aria-invalid={!!field("image")} />
        {field("image") && <span className="field-error">{field("image")}</span>}
      </label>
      <label>
        First mask (optional, same grid as the image)
        <input type="file" accept={NIFTI} onChange={(e) => setMask(e.target.files?.[0] ?? null)} aria-invalid={!!field("mask")} />
        {field("mask") && <span className="field-error">{field("mask")}</span>}
      </label>
      <label>
        Labels, comma-separated (they become values 1, 2, …; leave empty for the default values, unnamed)
        <input value={labels} placeholder="liver, tumour" onChange={(e) => setLabels(e.target.value)} aria-invalid={!!field("names")} />
        {field("names") && <span className="field-error">{field("names")}</span>}
      </label>
      <label>
        Assign to
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>{assignees}</select>
      </label>
      <div className="row" style={{ alignItems: "center" }}>
        <button type="submit" aria-disabled={progress !== null}>{progress !== null ? "Uploading…" : "Create case"}</button>
        {progress !== null && <progress max={1} value={progress} aria-label="Upload progress" />}
      </div>
      {error && !["title", "image", "mask", "names"].some(field) && <ErrorMessage error={error} />}
    </form>
  );
}
