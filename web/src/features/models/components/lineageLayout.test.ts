import { describe, expect, it } from "vitest";
import { BOX, edgePath, layout } from "./lineageLayout";

describe("lineage layout", () => {
  it("puts each kind in its column and skips empty columns", () => {
    const { placed, width } = layout([
      { id: "v", kind: "VERSION" as const },
      { id: "e", kind: "EXPORT" as const },
      { id: "s", kind: "LABEL_SET" as const },
      { id: "d", kind: "DEPLOYMENT" as const },
    ]);
    // No asset: exports are the first column, the version the second, deployments the third.
    expect(placed.get("e")!.x).toBe(0);
    expect(placed.get("s")!.x).toBe(0);
    expect(placed.get("v")!.x).toBe(BOX.width + BOX.gapX);
    expect(placed.get("d")!.x).toBe(2 * (BOX.width + BOX.gapX));
    expect(width).toBe(3 * BOX.width + 2 * BOX.gapX);
  });

  it("centres a lone version beside a tall column and stacks the tall one without overlap", () => {
    const { placed, height } = layout([
      { id: "v", kind: "VERSION" as const },
      { id: "a", kind: "EXPORT" as const },
      { id: "b", kind: "EXPORT" as const },
      { id: "c", kind: "EXPORT" as const },
    ]);
    const [a, b] = ["a", "b"].map((id) => placed.get(id)!.y);
    expect(b! - a!).toBe(BOX.height + BOX.gapY);
    expect(placed.get("v")!.y + BOX.height / 2).toBe(height / 2);
  });

  it("draws an edge from the right side of one box to the left side of the next", () => {
    expect(edgePath({ x: 0, y: 0 }, { x: 248, y: 0 })).toBe(`M 200 26 C 224 26, 224 26, 248 26`);
  });
});
