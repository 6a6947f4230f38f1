import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_TOKENS_PER_FIELD,
  parseUsageEvent,
  queuedUsageEventSchema,
  TOKEN_TYPES,
  USAGE_FORMATS,
  type ParsedUsageEvent,
} from "../src/index.ts";

const now = new Date("2026-11-25T12:00:00.000Z");
const REJECTION_CODES = ["invalid_event", "timestamp_out_of_range"];

/** Every result is an event the queue accepts, or a rejection with a known code and a "field: problem" message. */
function expectWellFormed(result: ParsedUsageEvent): void {
  if (result.ok) {
    expect(queuedUsageEventSchema.safeParse(result.event).success).toBe(true);
  } else {
    expect(REJECTION_CODES).toContain(result.code);
    // "field: problem"; the field may be a metadata key holding any character.
    expect(result.message).toMatch(/^.+: \S/s);
  }
}

function sumOf(result: ParsedUsageEvent): number {
  if (!result.ok) throw new Error(`rejected: ${result.message}`);
  return TOKEN_TYPES.reduce((sum, type) => sum + result.event.tokens[type], 0);
}

const hostileNumber = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.constantFrom(2 ** 53, 2 ** 64, -(2 ** 64), MAX_TOKENS_PER_FIELD, MAX_TOKENS_PER_FIELD + 1, -0, 0.5, 1e308),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double(),
  fc.constantFrom("12", "NaN", "Infinity", "1e3", "", "0x10", null, true, [], {}),
);
const hostileText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(
    "'; DROP TABLE usage_events; --",
    '" OR 1=1 --',
    "a\u0000b",
    "\uD800",
    "🧾".repeat(60),
    "x".repeat(201),
    "",
    "__proto__",
    "constructor",
  ),
);
const hostileTimestamp = fc.oneof(
  fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc
    .integer({ min: -40 * 86_400_000, max: 10 * 60_000 })
    .map((offset) => new Date(now.getTime() + offset).toISOString()),
  fc.constantFrom("2026-02-30T00:00:00Z", "2026-11-25", "now", "2026-11-25T12:00:00", "1e12", 1764072000000),
  hostileText,
);
const hostileMetadata = fc.oneof(
  fc.dictionary(hostileText, hostileText, { maxKeys: 5 }),
  fc.dictionary(fc.string(), fc.string({ minLength: 500, maxLength: 1000 }), { maxKeys: 4 }),
  fc.jsonValue(),
);
const hostileDetails = fc.option(
  fc.dictionary(
    fc.constantFrom("cached_tokens", "cache_write_tokens", "audio_tokens", "reasoning_tokens", "text_tokens", "x"),
    hostileNumber,
  ),
);
const hostileUsage = fc.oneof(
  fc.record(
    {
      prompt_tokens: hostileNumber,
      completion_tokens: hostileNumber,
      total_tokens: hostileNumber,
      input_tokens: hostileNumber,
      output_tokens: hostileNumber,
      cache_creation_input_tokens: hostileNumber,
      cache_read_input_tokens: hostileNumber,
      prompt_tokens_details: hostileDetails,
      completion_tokens_details: hostileDetails,
      input_tokens_details: hostileDetails,
      output_tokens_details: hostileDetails,
      cost: hostileNumber,
      unknown_future_field: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

const count = (max = MAX_TOKENS_PER_FIELD) => fc.integer({ min: 0, max });
/** A total and two disjoint parts of it, e.g. prompt_tokens with cached and cache-write tokens inside. */
const totalWithParts = count().chain((total) =>
  count(total).chain((first) => count(total - first).map((second) => ({ total, first, second }))),
);
const totalWithPart = count().chain((total) => count(total).map((part) => ({ total, part })));
const unknownKeys = fc.dictionary(fc.constantFrom("text_tokens", "image_tokens", "future_tokens"), count());

/** Legal values that are still unkind: any Unicode, SQL, quotes, emoji, reserved JS names. */
const legalText = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }).filter((value) => value.length <= 200),
  fc.constantFrom("'; DROP TABLE usage_events; --", '" OR 1=1 --', "🧾".repeat(100), "__proto__", "constructor", "é"),
);
const legalTimestamp = fc
  .integer({ min: -35 * 86_400_000, max: 5 * 60_000 })
  .map((offset) => new Date(now.getTime() + offset).toISOString());
const legalMetadata = fc
  .dictionary(
    legalText.filter((key) => key.length <= 100 && key !== "__proto__"),
    legalText,
    { maxKeys: 5 },
  )
  .filter((metadata) => new TextEncoder().encode(JSON.stringify(metadata)).length <= 2048);
const legalUsage = fc.oneof(
  fc.tuple(totalWithParts, totalWithPart).map(([prompt, completion]) => ({
    prompt_tokens: prompt.total,
    completion_tokens: completion.total,
    prompt_tokens_details: { cached_tokens: prompt.first, cache_write_tokens: prompt.second },
    completion_tokens_details: { reasoning_tokens: completion.part },
  })),
  fc.tuple(count(), count(), count(), count()).map(([input, created, read, output]) => ({
    input_tokens: input,
    cache_creation_input_tokens: created,
    cache_read_input_tokens: read,
    output_tokens: output,
  })),
);

/** Usually legal, sometimes hostile, so that both accepted and rejected paths are exercised. */
const mostly = <T, U>(legal: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: legal, weight: 4 }, { arbitrary: hostile, weight: 1 });

/** Events whose every field may be missing, mistyped or out of range. */
const hostileEvent = fc.record(
  {
    id: mostly(legalText, fc.oneof(hostileText, hostileNumber)),
    model: mostly(legalText, fc.oneof(hostileText, hostileNumber)),
    timestamp: mostly(legalTimestamp, hostileTimestamp),
    provider: mostly(legalText, hostileText),
    input_tokens: mostly(count(), hostileNumber),
    cached_input_tokens: mostly(count(), hostileNumber),
    output_tokens: mostly(count(), hostileNumber),
    usage: mostly(legalUsage, hostileUsage),
    usage_format: mostly(fc.constantFrom(...USAGE_FORMATS), hostileText),
    customer: mostly(legalText, hostileText),
    status: mostly(fc.constantFrom("ok", "error", "cancelled"), hostileText),
    metadata: mostly(legalMetadata, hostileMetadata),
  },
  { requiredKeys: ["id", "model"] },
);

describe("parseUsageEvent on hostile input (property)", () => {
  it("never throws on arbitrary values and always returns a well-formed result", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withSparseArray: true }), (raw) => {
        expectWellFormed(parseUsageEvent(raw, now));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on events with hostile fields; accepted ones satisfy queuedUsageEventSchema", () => {
    fc.assert(
      fc.property(hostileEvent, (raw) => {
        expectWellFormed(parseUsageEvent(raw, now));
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts legal events with unkind strings, keeping every value exactly", () => {
    const legalEvent = fc.record(
      {
        id: legalText,
        model: legalText,
        timestamp: legalTimestamp,
        input_tokens: count(),
        cached_input_tokens: count(),
        cache_write_tokens: count(),
        output_tokens: count(),
        reasoning_tokens: count(),
        customer: legalText,
        agent: legalText,
        metadata: legalMetadata,
      },
      { requiredKeys: ["id", "model"] },
    );
    fc.assert(
      fc.property(legalEvent, (raw) => {
        const result = parseUsageEvent(raw, now);
        if (!result.ok) throw new Error(`rejected: ${result.message}`);
        expectWellFormed(result);
        const { tokens, ...event } = result.event;
        expect(event).toMatchObject({ id: raw.id, model: raw.model, customer: raw.customer, agent: raw.agent });
        expect(event.metadata).toEqual(raw.metadata);
        expect(tokens).toEqual({
          input: raw.input_tokens ?? 0,
          cached_input: raw.cached_input_tokens ?? 0,
          cache_write: raw.cache_write_tokens ?? 0,
          output: raw.output_tokens ?? 0,
          reasoning: raw.reasoning_tokens ?? 0,
        });
      }),
      { numRuns: 500 },
    );
  });

  it("accepts mostly-valid events with hostile usage objects only when well-formed", () => {
    fc.assert(
      fc.property(hostileUsage, fc.option(fc.constantFrom(...USAGE_FORMATS), { nil: undefined }), (usage, format) => {
        const result = parseUsageEvent({ id: "e", model: "m", usage, usage_format: format }, now);
        expectWellFormed(result);
        if (!result.ok) expect(result.message.startsWith("usage")).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a non-integer, negative or too large count in any token field, naming it", () => {
    const bad = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
      fc.integer({ min: MAX_TOKENS_PER_FIELD + 1, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ noInteger: true }),
      fc.constantFrom(2 ** 64, Number.NaN, "7"),
    );
    const field = fc.constantFrom(
      "input_tokens",
      "cached_input_tokens",
      "cache_write_tokens",
      "output_tokens",
      "reasoning_tokens",
    );
    fc.assert(
      fc.property(field, bad, (name, value) => {
        const result = parseUsageEvent({ id: "e", model: "m", [name]: value }, now);
        expect(result).toMatchObject({ ok: false, code: "invalid_event", id: "e" });
        expect(!result.ok && result.message.startsWith(`${name}: `)).toBe(true);
      }),
    );
  });
});

describe("provider usage conversion preserves the token count (property)", () => {
  it("OpenAI chat: the canonical fields sum to prompt_tokens + completion_tokens", () => {
    fc.assert(
      fc.property(totalWithParts, totalWithPart, unknownKeys, (prompt, completion, extra) => {
        const usage = {
          prompt_tokens: prompt.total,
          completion_tokens: completion.total,
          total_tokens: prompt.total + completion.total,
          prompt_tokens_details: { cached_tokens: prompt.first, cache_write_tokens: prompt.second, ...extra },
          completion_tokens_details: { reasoning_tokens: completion.part, ...extra },
          ...extra,
        };
        const result = parseUsageEvent({ id: "e", model: "m", usage }, now);
        expect(sumOf(result)).toBe(prompt.total + completion.total);
        expect(result).toMatchObject({
          event: { tokens: { cached_input: prompt.first, cache_write: prompt.second, reasoning: completion.part } },
        });
      }),
    );
  });

  it("OpenAI Responses: the canonical fields sum to input_tokens + output_tokens", () => {
    fc.assert(
      fc.property(totalWithParts, totalWithPart, (input, output) => {
        const usage = {
          input_tokens: input.total,
          input_tokens_details: { cached_tokens: input.first, cache_write_tokens: input.second },
          output_tokens: output.total,
          output_tokens_details: { reasoning_tokens: output.part },
          total_tokens: input.total + output.total,
        };
        expect(sumOf(parseUsageEvent({ id: "e", model: "m", usage }, now))).toBe(input.total + output.total);
      }),
    );
  });

  it("Anthropic: the canonical fields sum to all four reported counts", () => {
    fc.assert(
      fc.property(count(), count(), count(), count(), (input, created, read, output) => {
        const usage = {
          input_tokens: input,
          cache_creation_input_tokens: created,
          cache_read_input_tokens: read,
          output_tokens: output,
        };
        expect(sumOf(parseUsageEvent({ id: "e", model: "m", usage }, now))).toBe(input + created + read + output);
      }),
    );
  });

  it("OpenRouter: the reported cost is a plain decimal string that reads back as the same number", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), totalWithParts, (cost, prompt) => {
        const usage = { prompt_tokens: prompt.total, completion_tokens: 0, cost };
        const result = parseUsageEvent({ id: "e", model: "m", usage }, now);
        if (!result.ok) {
          // Only costs finer than NUMERIC(65,30) can hold are refused.
          expect(result.message).toBe("usage.cost: must have at most 30 decimal places");
          expect(cost).toBeLessThan(1e-6);
          return;
        }
        expect(sumOf(result)).toBe(prompt.total);
        expect(result.event.reported_cost).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(result.event.reported_cost)).toBe(cost);
      }),
    );
  });

  it("rejects any OpenAI chat usage whose cached tokens exceed prompt_tokens, naming the field", () => {
    fc.assert(
      fc.property(count(MAX_TOKENS_PER_FIELD - 1), fc.integer({ min: 1, max: 1000 }), (prompt, excess) => {
        const usage = {
          prompt_tokens: prompt,
          completion_tokens: 0,
          prompt_tokens_details: { cached_tokens: prompt + excess },
        };
        const result = parseUsageEvent({ id: "e", model: "m", usage }, now);
        expect(!result.ok && result.message.startsWith("usage.prompt_tokens_details.cached_tokens: ")).toBe(true);
      }),
    );
  });

  it("rejects any event carrying both token fields and usage", () => {
    fc.assert(
      fc.property(fc.constantFrom("input_tokens", "output_tokens", "reasoning_tokens"), count(), (field, value) => {
        const raw = { id: "e", model: "m", [field]: value, usage: { prompt_tokens: 1, completion_tokens: 1 } };
        const result = parseUsageEvent(raw, now);
        expect(!result.ok && result.message.startsWith(`usage: cannot be combined with ${field}`)).toBe(true);
      }),
    );
  });
});
