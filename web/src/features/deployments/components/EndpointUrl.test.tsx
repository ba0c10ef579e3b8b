import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EndpointUrl } from "./EndpointUrl";

test("copies the absolute endpoint URL, and says what to do when the browser refuses the clipboard", async () => {
  const user = userEvent.setup();
  const writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  render(<EndpointUrl url="http://models.example:8081/v2/models/churn-staging/infer" />);
  await user.click(screen.getByRole("button", { name: /Copy the endpoint URL/ }));
  expect(writeText).toHaveBeenCalledWith("http://models.example:8081/v2/models/churn-staging/infer");
  expect(screen.getByRole("status")).toHaveTextContent("Copied");
  writeText.mockRejectedValueOnce(new Error("denied"));
  await user.click(screen.getByRole("button", { name: /Copy the endpoint URL/ }));
  expect(await screen.findByText("Select the URL to copy it")).toBeInTheDocument();
});

test("a path is shown as a full URL; no URL yet says so", () => {
  const { rerender } = render(<EndpointUrl url="/v2/models/churn-production/infer" />);
  expect(screen.getByText(`${window.location.origin}/v2/models/churn-production/infer`)).toBeInTheDocument();
  rerender(<EndpointUrl url={null} />);
  expect(screen.getByText("no endpoint yet")).toBeInTheDocument();
});
