import {
  money,
  scheduleAnchorChange,
  toDecimalString,
  zeroTokenCounts,
  type Money,
  type PlanPriceBook,
} from "@tollgate/domain";
import { describe, expect, it } from "vitest";
import { SimulatedCredits } from "../src/rating/simulated-credits.ts";
import { draftPriceBook, TenantSimulation, type SimulatedEvent } from "../src/rating/simulate-usage.ts";

/**
 * A simulation over the short period after an anchor change (issue 19) rates and trues up as the worker and the
 * close do: the draft's allowance of 1M output tokens is 466,666 in Dec 1–15 (14 of a 30-day period of the new
 * day, floored) and its minimum of 120 is 56; the whole period from Dec 15 keeps both in full.
 */
const MODEL = "acme/sim-short";
const book = draftPriceBook(
  {
    planVersionId: "draft",
    currency: "USD",
    pricing: {
      minimum_commitment: "120",
      allowances: [{ kind: "tokens", id: "free-output", tokens: "1000000", token_types: ["output"] }],
    },
    rates: [{ model_id: MODEL, condition: "", token_type: "output", price: "30" }],
  },
  () => undefined,
);
// 1st → 15th, asked in November: Dec 1–15 is the short period.
const anchor = scheduleAnchorChange(1, 15, new Date("2026-11-20T00:00:00Z"));
const event = (at: string, output: bigint): SimulatedEvent => ({
  modelId: MODEL,
  occurredAt: new Date(at),
  tokens: { ...zeroTokenCounts(), output },
  serviceTier: undefined,
});

// The same rate under a spend cap of 300 per period instead: 140 in Dec 1–15 (300 × 14/30).
const cappedBook = draftPriceBook(
  {
    planVersionId: "draft-capped",
    currency: "USD",
    pricing: { spend_cap: "300" },
    rates: [{ model_id: MODEL, condition: "", token_type: "output", price: "30" }],
  },
  () => undefined,
);

function simulate(
  window: { from: Date; to: Date },
  events: SimulatedEvent[],
  draft: { priced: PlanPriceBook; minimum: Money | null } = { priced: book, minimum: money("120") },
) {
  const simulation = new TenantSimulation(
    "tenant",
    anchor,
    () => ({ book: draft.priced, override: null }),
    window.from,
    new SimulatedCredits([]),
  );
  simulation.add(events);
  const totals = simulation.result(window, draft.minimum);
  return { after: toDecimalString(totals.after), commitment: toDecimalString(totals.commitment) };
}

describe("a simulation over the short period after an anchor change", () => {
  it("prorates the allowance and the minimum: 133,334 billable tokens (4.00002), true-up to 56", () => {
    const window = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-15T00:00:00Z") };
    const events = [event("2026-12-03T00:00:00Z", 400_000n), event("2026-12-14T00:00:00Z", 200_000n)];
    expect(simulate(window, events)).toEqual({ after: "56", commitment: "51.99998" });
  });

  it("keeps a whole period's allowance and minimum: 200,000 billable tokens (6), true-up to 120", () => {
    const window = { from: new Date("2026-12-15T00:00:00Z"), to: new Date("2027-01-15T00:00:00Z") };
    expect(simulate(window, [event("2026-12-20T00:00:00Z", 1_200_000n)])).toEqual({ after: "120", commitment: "114" });
  });

  it("prorates the spend cap: 6M output tokens (180) bill 140 in Dec 1–15, all 180 in the whole period after", () => {
    const events = (day: string) => [event(`${day}T00:00:00Z`, 4_000_000n), event(`${day}T01:00:00Z`, 2_000_000n)];
    const short = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-15T00:00:00Z") };
    expect(simulate(short, events("2026-12-03"), { priced: cappedBook, minimum: null })).toEqual({
      after: "140",
      commitment: "0",
    });
    const whole = { from: new Date("2026-12-15T00:00:00Z"), to: new Date("2027-01-15T00:00:00Z") };
    expect(simulate(whole, events("2026-12-20"), { priced: cappedBook, minimum: null })).toEqual({
      after: "180",
      commitment: "0",
    });
  });
});
