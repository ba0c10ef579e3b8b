import { float64s } from "./packed";

function pack(values: number[]): string {
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  return btoa(String.fromCharCode(...bytes));
}

test("decodes packed doubles exactly, epoch milliseconds and fractions alike", () => {
  const values = [1793404800000, 1793404860000, -0.1, 1 / 3, Number.MAX_VALUE, 5e-324];
  expect(Array.from(float64s(pack(values)))).toEqual(values);
});

test("an empty column decodes to no points", () => {
  expect(float64s("").length).toBe(0);
});
