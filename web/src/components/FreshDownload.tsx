// A download whose link is signed for a few minutes: the link is asked for when the person clicks,
// never kept from when the page loaded, so a page left open still downloads instead of landing on
// the storage's "request has expired" XML.
import { useState } from "react";
import type { GraphQLFailure } from "../lib/graphql";
import { asFailure } from "../lib/graphql";

/** Where the browser goes; tests replace it (jsdom cannot navigate). */
export const navigation = { assign: (url: string) => window.location.assign(url) };

export function FreshDownload({ label, ariaLabel, fetchUrl, className = "button" }: {
  label: string;
  ariaLabel?: string;
  /** Asks the API for a new signed URL; null when there is nothing to download (yet). */
  fetchUrl: () => Promise<string | null | undefined>;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphQLFailure | string>();
  const go = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const url = await fetchUrl();
      if (url) navigation.assign(url);
      else setError("There is nothing to download yet.");
    } catch (e) {
      setError(asFailure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="stack" style={{ gap: 4, alignItems: "flex-start" }}>
      <button type="button" className={className} onClick={() => void go()} aria-label={ariaLabel} aria-disabled={busy}>
        {busy ? "Preparing the download…" : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {typeof error === "string" ? error : `${error.code}: ${error.message}`}
        </span>
      )}
    </span>
  );
}
