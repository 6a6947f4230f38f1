import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlainQueuedEvent, MAX_TOKENS_PER_FIELD, queuedUsageEventSchema, TOKEN_TYPES } from "../src/index.ts";

const instant = fc
  .integer({ min: Date.parse("0000-01-01T00:00:00.000Z"), max: Date.parse("9999-12-31T23:59:59.999Z") })
  .map((time) => new Date(time).toISOString());
const text = (min: number) => fc.string({ minLength: min, maxLength: 200 });
const count = fc.integer({ min: 0, max: MAX_TOKENS_PER_FIELD });
const tokens = fc.record(Object.fromEntries(TOKEN_TYPES.map((type) => [type, count])));
const plainEvent = fc.record(
  {
    id: text(1),
    timestamp: instant,
    model: text(1),
    tokens,
    status: fc.constantFrom("ok", "error", "cancelled"),
    provider: text(0),
    service_tier: text(0),
    customer: text(0),
    agent: text(0),
    task_id: text(0),
    session_id: text(0),
    reservation_id: text(0),
  },
  { requiredKeys: ["id", "timestamp", "model", "tokens", "status"] },
);

/** Values that are almost right: off-by-one lengths and counts, other types, impossible dates. */
const hostile = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, 1.5, Number.NaN, 2 ** 53, MAX_TOKENS_PER_FIELD + 1, "", [], {}),
  fc.string({ minLength: 199, maxLength: 202 }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
    )
    .map(
      ([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.000Z`,
    ),
  fc.constantFrom("2026-02-29T00:00:00.000Z", "2024-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z"),
  fc.constantFrom("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000+00:00", "2026-01-01 00:00:00.000Z"),
);
const pad = (value: number, length: number) => value.toString().padStart(length, "0");

/** A plain event with one field (or one token count) replaced, removed or added. */
const mutatedEvent = fc
  .tuple(
    plainEvent,
    fc.constantFrom("id", "timestamp", "model", "tokens", "status", "provider", "customer", "metadata", "extra"),
    fc.constantFrom(...TOKEN_TYPES, null),
    hostile,
  )
  .map(([event, field, tokenType, value]) => {
    const copy: Record<string, unknown> = { ...event, tokens: { ...event.tokens } };
    if (field === "tokens" && tokenType !== null) (copy.tokens as Record<string, unknown>)[tokenType] = value;
    else if (value === undefined) return Object.fromEntries(Object.entries(copy).filter(([key]) => key !== field));
    else copy[field] = value;
    return copy;
  });

describe("isPlainQueuedEvent (the worker's hand check in front of queuedUsageEventSchema)", () => {
  it("accepts the events ingest writes, and the schema returns the same object for them", () => {
    fc.assert(
      fc.property(plainEvent, (event) => {
        expect(isPlainQueuedEvent(event)).toBe(true);
        expect(queuedUsageEventSchema.parse(event)).toEqual(event);
      }),
      { numRuns: 500 },
    );
  });

  it("never accepts what the schema rejects or would change, on near-miss input", () => {
    fc.assert(
      fc.property(mutatedEvent, (event) => {
        if (!isPlainQueuedEvent(event)) return;
        const parsed = queuedUsageEventSchema.safeParse(event);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(event);
      }),
      { numRuns: 3000 },
    );
  });

  it("checks the calendar as the schema does", () => {
    const event = {
      id: "e",
      model: "m",
      status: "ok",
      tokens: { input: 1, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
    };
    for (const timestamp of ["2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00.000Z", "0000-01-01T00:00:00.000Z"]) {
      expect(isPlainQueuedEvent({ ...event, timestamp })).toBe(true);
      expect(queuedUsageEventSchema.safeParse({ ...event, timestamp }).success).toBe(true);
    }
    for (const timestamp of ["2026-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z"]) {
      expect(isPlainQueuedEvent({ ...event, timestamp })).toBe(false);
      expect(queuedUsageEventSchema.safeParse({ ...event, timestamp }).success).toBe(false);
    }
    for (const timestamp of ["2026-13-01T00:00:00.000Z", "2026-01-01T24:00:00.000Z", "2026-01-01T00:60:00.000Z"]) {
      expect(isPlainQueuedEvent({ ...event, timestamp })).toBe(false);
    }
    // Valid, but not the form ingest writes: left to the schema.
    expect(isPlainQueuedEvent({ ...event, timestamp: "2026-01-01T00:00:00+02:00" })).toBe(false);
  });
});
