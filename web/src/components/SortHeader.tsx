// A column head that sorts the table: a button inside the <th>, and aria-sort on the <th> saying the
// order now shown. The order itself is the caller's (usually the server's `orderBy`, kept in the URL).
import type { ReactNode } from "react";

export type Direction = "ascending" | "descending";

/**
 * `current` is this column's direction when the table is sorted by it, else undefined; a press asks
 * for `next` (the other direction, or the column's natural first one).
 */
export function SortHeader({ children, current, onSort, first = "ascending" }: {
  children: ReactNode;
  current: Direction | undefined;
  onSort: (direction: Direction) => void;
  first?: Direction;
}) {
  const next: Direction = current ? (current === "ascending" ? "descending" : "ascending") : first;
  const arrow = current === "ascending" ? "▲" : current === "descending" ? "▼" : "↕";
  return (
    <th aria-sort={current ?? "none"}>
      <button type="button" className="sort" onClick={() => onSort(next)}>
        {children}
        <span aria-hidden="true">{arrow}</span>
        <span className="sr-only">, sort {next}</span>
      </button>
    </th>
  );
}
