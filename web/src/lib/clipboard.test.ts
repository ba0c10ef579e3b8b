import { copyText } from "./clipboard";

function clipboardApi(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, "clipboard", { value: writeText ? { writeText } : undefined, configurable: true });
}

/** jsdom has no execCommand: stand one in that reports what was selected when "copy" ran. */
function selectionCopy(works: boolean) {
  const copied: string[] = [];
  const execCommand = vi.fn((command: string) => {
    const area = document.activeElement;
    if (command === "copy" && area instanceof HTMLTextAreaElement) copied.push(area.value.slice(area.selectionStart, area.selectionEnd));
    return works;
  });
  Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
  return { copied, execCommand };
}

afterEach(() => {
  Reflect.deleteProperty(document, "execCommand");
  document.body.innerHTML = "";
});

test("copies with the Clipboard API when the browser offers it", async () => {
  const writeText = vi.fn(() => Promise.resolve());
  clipboardApi(writeText);
  const { execCommand } = selectionCopy(true);
  await expect(copyText("whsec_abc")).resolves.toBe(true);
  expect(writeText).toHaveBeenCalledWith("whsec_abc");
  expect(execCommand).not.toHaveBeenCalled();
});

test("a refused Clipboard API falls back to copying a selection, and focus goes back", async () => {
  clipboardApi(() => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")));
  const { copied } = selectionCopy(true);
  const button = document.body.appendChild(document.createElement("button"));
  button.focus();
  await expect(copyText("http://models.example/v2/infer")).resolves.toBe(true);
  expect(copied).toEqual(["http://models.example/v2/infer"]);
  expect(document.querySelector("textarea")).toBeNull(); // nothing left behind in the page
  expect(button).toHaveFocus();
});

test("without the Clipboard API (plain http) the selection copy is used", async () => {
  clipboardApi(undefined);
  const { copied } = selectionCopy(true);
  await expect(copyText("token")).resolves.toBe(true);
  expect(copied).toEqual(["token"]);
});

test("says so when neither way can copy", async () => {
  clipboardApi(() => Promise.reject(new Error("denied")));
  selectionCopy(false);
  await expect(copyText("token")).resolves.toBe(false);
  Reflect.deleteProperty(document, "execCommand"); // and where execCommand does not exist at all
  await expect(copyText("token")).resolves.toBe(false);
  expect(document.querySelector("textarea")).toBeNull();
});
