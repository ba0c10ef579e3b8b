// A deployment's endpoint, absolute (the server may answer a path), with a copy button.
import { useState } from "react";

export function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

export function EndpointUrl({ url }: { url: string | null | undefined }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  if (!url) return <span className="muted">no endpoint yet</span>;
  const full = absoluteUrl(url);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(full);
      setCopied("yes");
    } catch {
      setCopied("no"); // e.g. an http page in a browser that only allows the clipboard on https
    }
  };
  return (
    <span className="endpoint">
      <code>{full}</code>
      <button type="button" className="secondary small" onClick={() => void copy()} aria-label={`Copy the endpoint URL ${full}`}>
        Copy
      </button>
      <span role="status" className="muted">{copied === "yes" ? "Copied" : copied === "no" ? "Select the URL to copy it" : ""}</span>
    </span>
  );
}
