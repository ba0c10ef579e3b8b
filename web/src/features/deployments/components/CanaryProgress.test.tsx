import { screen, within } from "@testing-library/react";
import { renderWithServer, TestServer } from "../../../test/server";
import { deployment, serving } from "../views/fixtures";
import { EnvironmentPanel } from "./EnvironmentPanel";

test("the canary's status line and steps say the share the traffic bar shows, even when the deployment row lags", () => {
  const stable = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE", trafficPercent: 50,
    message: "Live: 100 % of production traffic." });
  const canary = deployment({ version: 2, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY",
    canarySteps: [10, 50, 100], trafficPercent: 10 });
  // What serves now says 50 %: the endpoint's split moved on before the row's own copy did.
  const now = serving(stable, canary);
  now.canary = { ...now.canary!, trafficPercent: 50 };
  renderWithServer(
    <EnvironmentPanel title="Production" modelName="churn" now={now} onChanged={() => {}} />, new TestServer());
  expect(screen.getByRole("img", { name: "Production traffic: v2 (new) 50%, v1 50%" })).toBeInTheDocument();
  expect(screen.getByText("Canary steps · 50% of traffic now")).toBeInTheDocument();
  const steps = screen.getByRole("list", { name: "Canary steps" });
  expect(within(steps).getByText("50%")).toHaveAttribute("aria-current", "step");
  expect(within(steps).getByText(/10%/)).toHaveClass("done");
  expect(screen.getByText("v2 (new) answers 50% and v1 50% of production traffic.")).toBeInTheDocument();
  expect(screen.queryByText(/Live: 100 %/)).not.toBeInTheDocument();
});
