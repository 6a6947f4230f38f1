import { describe, expect, it } from "vitest";
import { formatPercentChange } from "../src/lib/format.ts";
import {
  conditionLabel,
  defaultComparison,
  filterRateRows,
  providersOf,
  rateRows,
  type PlanRate,
  type PlanVersion,
} from "../src/lib/plan-views.ts";

const rate = (
  model_id: string,
  provider: string,
  token_type: PlanRate["token_type"],
  price: string,
  condition = "",
) => ({
  model_id,
  provider,
  token_type,
  condition,
  price_per_million: price,
});

const version = (id: string, status: PlanVersion["status"]) => ({ id, status }) as PlanVersion;

describe("rateRows", () => {
  const rates = [
    rate("acme/big", "acme", "input", "3"),
    rate("acme/big", "acme", "output", "15"),
    rate("acme/big", "acme", "input", "6", "long_context"),
    rate("zeta/small", "zeta", "input", "0.1"),
  ];

  it("makes one row per model and condition with a price per token type", () => {
    expect(rateRows(rates).map((row) => [row.modelId, row.condition, row.prices])).toEqual([
      ["acme/big", "", { input: "3", output: "15" }],
      ["acme/big", "long_context", { input: "6" }],
      ["zeta/small", "", { input: "0.1" }],
    ]);
  });

  it("filters by a model substring (any case) and by provider", () => {
    const rows = rateRows(rates);
    expect(filterRateRows(rows, "BIG", undefined)).toHaveLength(2);
    expect(filterRateRows(rows, undefined, "zeta").map((row) => row.modelId)).toEqual(["zeta/small"]);
    expect(filterRateRows(rows, "big", "zeta")).toEqual([]);
    expect(providersOf(rates)).toEqual(["acme", "zeta"]);
  });

  it("names conditions for people", () => {
    expect(["", "long_context", "service_tier:priority"].map(conditionLabel)).toEqual([
      "Base",
      "Long context",
      "Tier: priority",
    ]);
  });
});

describe("defaultComparison", () => {
  it("compares the newest version with the newest published one before it", () => {
    expect(defaultComparison([version("v4", "draft"), version("v3", "archived"), version("v2", "published")])).toEqual({
      a: "v2",
      b: "v4",
    });
    expect(defaultComparison([version("v2", "draft"), version("v1", "draft")])).toEqual({ a: "v1", b: "v2" });
    expect(defaultComparison([version("v1", "published")])).toBeNull();
  });
});

describe("formatPercentChange", () => {
  it("signs an exact percentage with one decimal", () => {
    expect(formatPercentChange("20")).toBe("+20.0 %");
    expect(formatPercentChange("-33.333333333333333333")).toBe("−33.3 %");
    expect(formatPercentChange("0")).toBe("0.0 %");
  });
});
