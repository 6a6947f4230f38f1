import { describe, expect, it } from "vitest";
import { simulationCsv, type SimulationResult } from "../src/lib/simulation-views.ts";

const result: SimulationResult = {
  tenant_id: "00000000-0000-4000-8000-000000000001",
  tenant_name: 'Ten "Co", Ltd',
  currency: "USD",
  before: "12",
  after: "14.4",
  difference: "2.4",
  before_credits: "10",
  after_credits: "10",
  before_net: "2",
  after_net: "4.4",
  net_difference: "2.4",
  events: "2",
  tokens: "1200000",
  unrated_after: "0",
};

describe("the simulation CSV", () => {
  it("has each side gross, its credits and net, exact, with the currency", () => {
    expect(simulationCsv([result]).split("\r\n")).toEqual([
      "tenant_id,tenant_name,before,after,difference,before_credits,after_credits,before_net,after_net," +
        "net_difference,events,tokens,unrated_after,currency",
      '00000000-0000-4000-8000-000000000001,"Ten ""Co"", Ltd",12,14.4,2.4,10,10,2,4.4,2.4,2,1200000,0,USD',
      "",
    ]);
  });
});
