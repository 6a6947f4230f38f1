import { describe, expect, it } from "vitest";
import { exploreRange } from "../src/lib/explore-range.ts";
import { usageSearch } from "../src/lib/search-params.ts";

const NOW = new Date("2026-12-06T18:00:00Z");

describe("usage explorer range and search params", () => {
  it("from/to are UTC days with the last one included", () => {
    expect(exploreRange({ from: "2026-11-01", to: "2026-11-30" }, NOW)).toEqual({
      range: { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
      custom: true,
    });
  });

  it("falls back to the preset (30 days by default) when from/to are missing, reversed or not dates", () => {
    const last30 = { from: new Date("2026-11-07T00:00:00Z"), to: new Date("2026-12-07T00:00:00Z") };
    expect(exploreRange({}, NOW)).toEqual({ range: last30, custom: false });
    expect(exploreRange({ from: "2026-11-30", to: "2026-11-01" }, NOW)).toEqual({ range: last30, custom: false });
    expect(exploreRange({ from: "2026-02-31", to: "2026-03-05" }, NOW).custom).toBe(false);
    expect(exploreRange({ range: "7d", from: "2026-11-01" }, NOW).range.from).toEqual(new Date("2026-11-30T00:00:00Z"));
  });

  it("drops malformed params instead of failing the page", () => {
    expect(
      usageSearch.parse({
        group_by: "planet",
        granularity: "hour",
        metric: "amount",
        token_type: ["output", "bogus"],
        model: ["a", "b"],
        customer: "not-a-list",
        from: "yesterday",
      }),
    ).toEqual({ granularity: "hour", metric: "amount", model: ["a", "b"] });
  });
});
