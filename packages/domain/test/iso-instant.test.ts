import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoInstantTime } from "../src/iso-instant.ts";

describe("isoInstantTime", () => {
  it("reads every instant of years 0000–9999 as Date does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("0000-01-01T00:00:00.000Z"), max: Date.parse("9999-12-31T23:59:59.999Z") }),
        (time) => {
          expect(isoInstantTime(new Date(time).toISOString())).toBe(time);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("takes only valid dates and times in exactly that form", () => {
    for (const text of ["2024-02-29T00:00:00.000Z", "2000-02-29T23:59:59.999Z", "0050-06-01T12:00:00.000Z"]) {
      expect(isoInstantTime(text)).toBe(Date.parse(text));
    }
    for (const text of [
      "2026-02-29T00:00:00.000Z",
      "1900-02-29T00:00:00.000Z",
      "2026-04-31T00:00:00.000Z",
      "2026-00-10T00:00:00.000Z",
      "2026-01-00T00:00:00.000Z",
      "2026-01-01T24:00:00.000Z",
      "2026-01-01T00:60:00.000Z",
      "2026-01-01T00:00:60.000Z",
      "2026-01-01T00:00:00Z",
      "2026-01-01T00:00:00.000+00:00",
      "2026-01-01T00:00:00.0000Z",
      " 2026-01-01T00:00:00.000Z",
    ]) {
      expect(isoInstantTime(text), text).toBeUndefined();
    }
  });
});
