import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlainEventInput } from "../src/plain-event-input.ts";
import { MAX_TOKENS_PER_FIELD, parseUsageEvent, parseUsageEventWithSchema } from "../src/index.ts";

const now = new Date("2026-12-02T12:00:00.000Z");
const text = fc.string({ minLength: 1, maxLength: 200 });
const count = fc.integer({ min: 0, max: MAX_TOKENS_PER_FIELD });
const recent = fc
  .integer({ min: now.getTime() - 35 * 86_400_000, max: now.getTime() + 300_000 })
  .chain((time) =>
    fc.constantFrom(
      new Date(time).toISOString(),
      new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
      new Date(time).toISOString().replace("Z", "+00:00"),
      new Date(time + 5_400_000).toISOString().replace("Z", "+01:30"),
      new Date(time).toISOString().replace(/\.(\d{3})Z$/, ".$1456Z"),
    ),
  );
const plainInput = fc.record(
  {
    id: text,
    model: text,
    timestamp: recent,
    input_tokens: count,
    cached_input_tokens: count,
    cache_write_tokens: count,
    output_tokens: count,
    reasoning_tokens: count,
    provider: text,
    service_tier: text,
    customer: text,
    agent: text,
    task_id: text,
    session_id: text,
    reservation_id: text,
    status: fc.constantFrom("ok", "error", "cancelled"),
  },
  { requiredKeys: ["id", "model"] },
);
const hostile = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, 1.5, -0, Number.NaN, 2 ** 53, 2 ** 64, MAX_TOKENS_PER_FIELD + 1),
  fc.constantFrom("", "a\u0000b", "\ud800", "\ud83d\ude00", "x".repeat(201), "12", [], {}, { a: "b" }),
  fc.constantFrom("2026-12-02T12:10:00.000Z", "2025-01-01T00:00:00.000Z", "2026-02-30T00:00:00Z", "2026-12-02"),
  fc.constantFrom("2026-12-02T12:00:00+24:00", "2026-12-02T11:00:00-0100", "ok ", "OK"),
  fc.string({ maxLength: 202 }),
);
const FIELDS = [
  "id",
  "model",
  "timestamp",
  "input_tokens",
  "output_tokens",
  "customer",
  "status",
  "metadata",
  "usage",
  "extra",
] as const;
const nearMiss = fc
  .tuple(plainInput, fc.constantFrom(...FIELDS), hostile)
  .map(([input, field, value]): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...input };
    copy[field] = value;
    return value === undefined ? Object.fromEntries(Object.entries(copy).filter(([key]) => key !== field)) : copy;
  });

describe("parsePlainEventInput (ingest's shortcut in front of usageEventInputSchema)", () => {
  it("takes the plain events clients send, with the same result as the schema", () => {
    fc.assert(
      fc.property(plainInput, (input) => {
        const fast = parsePlainEventInput(input, now);
        expect(fast).toBeDefined();
        expect({ ok: true, event: fast }).toEqual(parseUsageEventWithSchema(input, now));
      }),
      { numRuns: 500 },
    );
  });

  it("on near-miss input, never accepts what the schema rejects, and never changes a result", () => {
    fc.assert(
      fc.property(nearMiss, (input) => {
        const fast = parsePlainEventInput(input, now);
        const schema = parseUsageEventWithSchema(input, now);
        if (fast) expect(schema).toEqual({ ok: true, event: fast });
        expect(parseUsageEvent(input, now)).toEqual(schema);
      }),
      { numRuns: 3000 },
    );
  });
});
