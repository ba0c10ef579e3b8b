// Where each node of a lineage graph sits: one column per kind, in the order data flows
// (assets → exports and label sets → the version → deployments and scoring runs).

export type LineageKindName = "ASSET" | "EXPORT" | "LABEL_SET" | "VERSION" | "DEPLOYMENT" | "SCORING_RUN";

export const COLUMN: Record<LineageKindName, number> = {
  ASSET: 0, EXPORT: 1, LABEL_SET: 1, VERSION: 2, DEPLOYMENT: 3, SCORING_RUN: 3,
};

export const BOX = { width: 200, height: 52, gapX: 48, gapY: 14 };

export interface Placed<N> { node: N; x: number; y: number }

/** Columns left to right, each node under the previous one; the version sits level with its column's middle. */
export function layout<N extends { id: string; kind: LineageKindName }>(nodes: N[]): {
  placed: Map<string, Placed<N>>;
  width: number;
  height: number;
} {
  const columns: N[][] = [[], [], [], []];
  for (const node of nodes) columns[COLUMN[node.kind]]?.push(node);
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const height = tallest * (BOX.height + BOX.gapY) - BOX.gapY;
  const used = columns.filter((c) => c.length > 0).length;
  const placed = new Map<string, Placed<N>>();
  let column = 0;
  for (const nodesOfColumn of columns) {
    if (nodesOfColumn.length === 0) continue;
    const own = nodesOfColumn.length * (BOX.height + BOX.gapY) - BOX.gapY;
    const top = (height - own) / 2;
    nodesOfColumn.forEach((node, i) => {
      placed.set(node.id, { node, x: column * (BOX.width + BOX.gapX), y: top + i * (BOX.height + BOX.gapY) });
    });
    column += 1;
  }
  return { placed, width: Math.max(used, 1) * (BOX.width + BOX.gapX) - BOX.gapX, height };
}

/** A smooth edge from the right side of `from` to the left side of `to`. */
export function edgePath(from: { x: number; y: number }, to: { x: number; y: number }): string {
  const x1 = from.x + BOX.width, y1 = from.y + BOX.height / 2;
  const x2 = to.x, y2 = to.y + BOX.height / 2;
  const bend = (x2 - x1) / 2;
  return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
}
