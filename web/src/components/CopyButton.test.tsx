import { act, fireEvent, render, screen } from "@testing-library/react";
import { CopyButton } from "./CopyButton";

afterEach(() => vi.useRealTimers());

test("shows and announces Copied in a polite live region, then clears it", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  render(<CopyButton text="whsec_abc" label="Copy secret" fallback="Select the secret to copy it" />);
  const status = screen.getByRole("status");
  expect(status).toHaveAttribute("aria-live", "polite");
  expect(status).toBeEmptyDOMElement(); // the live region exists before it speaks

  fireEvent.click(screen.getByRole("button", { name: "Copy secret" }));
  expect(await screen.findByText("Copied")).toBe(status);
  expect(writeText).toHaveBeenCalledWith("whsec_abc");
  act(() => {
    vi.advanceTimersByTime(3000);
  });
  expect(status).toBeEmptyDOMElement();
});

test("when the browser refuses, it says how to copy by hand", async () => {
  Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) }, configurable: true });
  render(<CopyButton text="https://x.example" ariaLabel="Copy the endpoint URL" fallback="Select the URL to copy it" />);
  fireEvent.click(screen.getByRole("button", { name: "Copy the endpoint URL" }));
  expect(await screen.findByRole("status")).toHaveTextContent("Select the URL to copy it");
});
