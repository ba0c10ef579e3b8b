import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ConfirmDialog } from "./ConfirmDialog";

function Harness({ onConfirm }: { onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Retire</button>
      {open && (
        <ConfirmDialog title="Retire production v4?" confirmLabel="Retire pump-health-production" onConfirm={onConfirm} onCancel={() => setOpen(false)}>
          <p>pump-health-production will stop answering.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

test("a modal dialog that says what will happen; the confirm button names the action; Cancel is focused first", async () => {
  render(<Harness onConfirm={() => {}} />);
  await userEvent.click(screen.getByRole("button", { name: "Retire" }));
  const dialog = screen.getByRole("alertdialog", { name: "Retire production v4?" });
  expect(dialog).toHaveAttribute("aria-modal", "true");
  expect(dialog).toHaveAccessibleDescription("pump-health-production will stop answering.");
  expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
  expect(screen.getByRole("button", { name: "Retire pump-health-production" })).toBeInTheDocument();
});

test("Tab and Shift+Tab stay inside the dialog", async () => {
  render(<Harness onConfirm={() => {}} />);
  await userEvent.click(screen.getByRole("button", { name: "Retire" }));
  const cancel = screen.getByRole("button", { name: "Cancel" });
  const confirm = screen.getByRole("button", { name: "Retire pump-health-production" });
  await userEvent.tab();
  expect(confirm).toHaveFocus();
  await userEvent.tab();
  expect(cancel).toHaveFocus(); // wrapped, never to the page behind
  await userEvent.tab({ shift: true });
  expect(confirm).toHaveFocus();
});

test("Escape cancels without confirming and focus goes back to the button that opened it", async () => {
  const onConfirm = vi.fn();
  render(<Harness onConfirm={onConfirm} />);
  const opener = screen.getByRole("button", { name: "Retire" });
  await userEvent.click(opener);
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(opener).toHaveFocus();
  expect(onConfirm).not.toHaveBeenCalled();
});

test("confirm runs the action once; a busy dialog ignores a second press", async () => {
  const onConfirm = vi.fn();
  const { rerender } = render(
    <ConfirmDialog title="Promote v2?" confirmLabel="Promote v2 to production" onConfirm={onConfirm} onCancel={() => {}}>
      <p>v2 takes all production traffic.</p>
    </ConfirmDialog>,
  );
  await userEvent.click(screen.getByRole("button", { name: "Promote v2 to production" }));
  expect(onConfirm).toHaveBeenCalledTimes(1);
  rerender(
    <ConfirmDialog title="Promote v2?" confirmLabel="Promote v2 to production" busyLabel="Promoting…" busy onConfirm={onConfirm} onCancel={() => {}}>
      <p>v2 takes all production traffic.</p>
    </ConfirmDialog>,
  );
  await userEvent.click(screen.getByRole("button", { name: "Promoting…" }));
  expect(onConfirm).toHaveBeenCalledTimes(1);
});
