import { resolveKey, type KeyPress } from "./shortcuts";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: document.body, ...more,
});

function element(html: string): HTMLElement {
  const box = document.createElement("div");
  box.innerHTML = html;
  return box.firstElementChild as HTMLElement;
}

test("letters, brackets and page keys map to their tools", () => {
  expect(resolveKey(press("b"))).toEqual({ action: "brush" });
  expect(resolveKey(press("E", { shiftKey: true }))).toBeNull(); // Shift+E is not E
  expect(resolveKey(press("]"))).toEqual({ action: "bigger" });
  expect(resolveKey(press("PageUp"))).toEqual({ action: "nextSlice" });
  expect(resolveKey(press(","))).toEqual({ action: "previousSlice" });
  expect(resolveKey(press("3"))).toEqual({ action: "label", index: 2 });
  expect(resolveKey(press("0"))).toBeNull();
  expect(resolveKey(press("?", { shiftKey: true }))).toEqual({ action: "help" });
});

test("undo, redo and save take Ctrl or Cmd", () => {
  expect(resolveKey(press("z", { ctrlKey: true }))).toEqual({ action: "undo" });
  expect(resolveKey(press("Z", { ctrlKey: true, shiftKey: true }))).toEqual({ action: "redo" });
  expect(resolveKey(press("y", { metaKey: true }))).toEqual({ action: "redo" });
  expect(resolveKey(press("s", { metaKey: true }))).toEqual({ action: "save" });
  expect(resolveKey(press("z"))).toBeNull();
});

test("arrows move the cursor, Shift by five voxels, and Space paints", () => {
  expect(resolveKey(press("ArrowLeft"))).toEqual({ action: "cursorLeft", dx: -1, dy: 0 });
  expect(resolveKey(press("ArrowUp", { shiftKey: true }))).toEqual({ action: "cursorUp", dx: 0, dy: 5 });
  expect(resolveKey(press(" "))).toEqual({ action: "paint" });
});

test("typing in the comment box is left alone except Ctrl+S", () => {
  const input = element('<input type="text">');
  expect(resolveKey(press("b", { target: input }))).toBeNull();
  expect(resolveKey(press("z", { target: input, ctrlKey: true }))).toBeNull();
  expect(resolveKey(press("s", { target: input, ctrlKey: true }))).toEqual({ action: "save" });
  expect(resolveKey(press("n", { target: element("<textarea></textarea>") }))).toBeNull();
});

test("a focused button or slider keeps Space and the arrows, letters still work", () => {
  const slider = element('<input type="range">');
  expect(resolveKey(press("ArrowLeft", { target: slider }))).toBeNull();
  expect(resolveKey(press(" ", { target: element("<button>Save</button>") }))).toBeNull();
  expect(resolveKey(press("e", { target: slider }))).toEqual({ action: "eraser" });
});
