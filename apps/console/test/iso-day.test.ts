import { describe, expect, it } from "vitest";
import { isIsoDay } from "../src/lib/iso-day.ts";

describe("typed days", () => {
  it("are whole, real YYYY-MM-DD days", () => {
    expect(isIsoDay("2026-11-08")).toBe(true);
    expect(isIsoDay("2024-02-29")).toBe(true);
    expect(isIsoDay("2026-02-29")).toBe(false);
    expect(isIsoDay("2026-11-8")).toBe(false);
    expect(isIsoDay("11/08/2026")).toBe(false);
    expect(isIsoDay("2026-13-01")).toBe(false);
    expect(isIsoDay("")).toBe(false);
  });
});
