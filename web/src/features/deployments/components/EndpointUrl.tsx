// A deployment's endpoint, absolute (the server may answer a path), with a copy button.
import { CopyButton } from "../../../components/CopyButton";

export function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

export function EndpointUrl({ url }: { url: string | null | undefined }) {
  if (!url) return <span className="muted">no endpoint yet</span>;
  const full = absoluteUrl(url);
  return (
    <span className="endpoint">
      <code>{full}</code>
      <CopyButton text={full} ariaLabel={`Copy the endpoint URL ${full}`} fallback="Select the URL to copy it" />
    </span>
  );
}
