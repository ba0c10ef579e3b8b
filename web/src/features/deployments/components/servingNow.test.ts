import { deployment, serving } from "../views/fixtures";
import { endpointName, servingNow, servingSentence, trafficShares } from "./servingNow";

test("nothing serves an environment the server lists no endpoint for", () => {
  expect(servingNow(null)).toEqual([]);
  expect(servingSentence([], "production")).toBe("Nothing is serving production.");
});

test("after a rollback the previous version serves 100%, whatever the rolled-back row still says", () => {
  const v1 = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE" });
  const servers = servingNow(serving(v1));
  expect(trafficShares(servers)).toEqual([{ label: "v1", percent: 100 }]);
  expect(servingSentence(servers, "production")).toBe("v1 answers 100% of production traffic.");
});

test("during a canary both versions, the new one first, with the shares the server gives (not the stable row's 100%)", () => {
  const v1 = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE", trafficPercent: 50 });
  const v2 = deployment({ version: 2, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY", trafficPercent: 50 });
  const servers = servingNow(serving(v1, v2));
  expect(trafficShares(servers)).toEqual([{ label: "v2 (new)", percent: 50 }, { label: "v1", percent: 50 }]);
  expect(servers.map((s) => s.deployment?.id)).toEqual([v2.id, v1.id]);
  expect(servingSentence(servers, "production")).toBe("v2 (new) answers 50% and v1 50% of production traffic.");
});

test("a first canary with nothing before it is the one rolling out", () => {
  const v1 = deployment({ version: 1, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY", trafficPercent: 10 });
  expect(trafficShares(servingNow(serving(v1)))).toEqual([{ label: "v1 (new)", percent: 10 }]);
});

test("the endpoint's name comes from its URL, or the fallback", () => {
  expect(endpointName("http://x/v2/models/pump-health-production/infer", "f")).toBe("pump-health-production");
  expect(endpointName("/v2/models/churn-staging/infer", "f")).toBe("churn-staging");
  expect(endpointName(null, "churn-production")).toBe("churn-production");
});
