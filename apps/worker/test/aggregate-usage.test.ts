import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  compilePlanPricing,
  createModelIdResolver,
  money,
  Money,
  planPricingSchema,
  toDecimalString,
  type ModelRates,
  type QueuedUsageEvent,
} from "@tollgate/domain";
import { buildLedgerLines, buildRollupRows } from "../src/rating/aggregate-usage.ts";
import { toTenantJobEvents } from "../src/rating/job-events.ts";
import { rateEvents } from "../src/rating/rate-events.ts";
import type { PlanContextLookup } from "../src/rating/plan-context.ts";

const RATES: ModelRates = {
  input: money("3"),
  cached_input: money("0.3"),
  cache_write: money("3.75"),
  output: money("15"),
  reasoning: money("15"),
};
const pricing = compilePlanPricing(planPricingSchema.parse({}));
const lookup: PlanContextLookup = (occurredAt) => ({
  book: {
    planVersionId: occurredAt < new Date("2026-11-20T00:00:00Z") ? "pv-old" : "pv-new",
    currency: "USD",
    pricing,
    explicitRates: (modelId, condition) => (modelId === "unknown/model" || condition !== "" ? undefined : RATES),
    costRates: () => undefined,
  },
  override: null,
});
const resolve = createModelIdResolver([]);

/** Rates events as one tenant's job (API key "key-1"). */
function rate(events: QueuedUsageEvent[]) {
  const [tenant] = toTenantJobEvents(
    [{ tenantId: "t", apiKeyId: "key-1", receivedAt: new Date().toISOString(), events }],
    resolve,
  );
  return rateEvents("t", 1, tenant?.events ?? [], lookup);
}

function event(id: string, overrides: Partial<QueuedUsageEvent> = {}): QueuedUsageEvent {
  return {
    id,
    timestamp: "2026-11-24T10:15:00.000Z",
    model: "anthropic/claude-sonnet-4.5",
    tokens: { input: 1000, cached_input: 50_000, cache_write: 0, output: 700, reasoning: 0 },
    status: "ok",
    ...overrides,
  };
}

describe("usage aggregation", () => {
  it("prices each event at the plan version in force at its timestamp", () => {
    const [before, after] = rate([
      event("a", { timestamp: "2026-11-19T23:59:59.999Z" }),
      event("b", { timestamp: "2026-11-20T00:00:00.000Z" }),
    ]);
    expect(before?.rating).toMatchObject({ status: "rated", planVersionId: "pv-old" });
    expect(after?.rating).toMatchObject({ status: "rated", planVersionId: "pv-new" });
  });

  it("keeps events of unpriced models unrated and out of the ledger, but in the rollups", () => {
    const rated = rate([event("a", { model: "unknown/model" })]);
    expect(rated[0]?.rating.status).toBe("unrated");
    expect(buildLedgerLines(rated)).toEqual([]);
    const [rollup] = buildRollupRows(rated);
    expect(rollup).toMatchObject({ eventCount: 1n, unratedCount: 1n });
    expect(rollup?.amount.total().isZero()).toBe(true);
  });

  it("makes ledger lines, rollups and event amounts agree exactly for any batch", () => {
    const tokens = fc.record({
      input: fc.nat({ max: 1_000_000 }),
      cached_input: fc.nat({ max: 1_000_000 }),
      cache_write: fc.nat({ max: 100_000 }),
      output: fc.nat({ max: 100_000 }),
      reasoning: fc.nat({ max: 100_000 }),
    });
    const arbitraryEvent = fc.record({
      hour: fc.integer({ min: 0, max: 47 }),
      model: fc.constantFrom("a/x", "b/y", "unknown/model"),
      customer: fc.option(fc.constantFrom("c1", "c2"), { nil: undefined }),
      tokens,
    });
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { minLength: 1, maxLength: 60 }), (specs) => {
        const events = specs.map((spec, index) =>
          event(`e${index.toString()}`, {
            timestamp: new Date(Date.UTC(2026, 10, 19, spec.hour, 30)).toISOString(),
            model: spec.model,
            customer: spec.customer,
            tokens: spec.tokens,
          }),
        );
        const rated = rate(events);
        const eventTotal = rated.reduce(
          (sum, r) => (r.rating.status === "rated" ? sum.plus(r.rating.amount) : sum),
          new Money(0),
        );
        const ledgerTotal = buildLedgerLines(rated).reduce((sum, line) => sum.plus(line.amount.total()), new Money(0));
        const rollups = buildRollupRows(rated);
        const rollupTotal = rollups.reduce((sum, row) => sum.plus(row.amount.total()), new Money(0));
        expect(toDecimalString(ledgerTotal)).toBe(toDecimalString(eventTotal));
        expect(toDecimalString(rollupTotal)).toBe(toDecimalString(eventTotal));
        expect(rollups.reduce((n, row) => n + row.eventCount, 0n)).toBe(BigInt(events.length));
      }),
    );
  });
});
