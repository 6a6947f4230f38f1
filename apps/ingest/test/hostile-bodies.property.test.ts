import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestIngest } from "./support/ingest-fixture.ts";

const fixture = useTestIngest();

const HOSTILE_STRINGS = [
  "'; DROP TABLE usage_events; --",
  '"},{"id":"forged"',
  "${process.env}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "\u0000",
  "e\u0301\u200b\ud83d\ude00\u202e",
  "\ud800",
  "__proto__",
  " ",
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);

const tokenValue = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000_000_000 }),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 64, 2 ** 53 + 1, 1e13, 1e308, -0, 0.5),
  fc.constantFrom("NaN", "12", "Infinity", "", null, true, [], {}),
);

const now = Date.now();
const timestamp = fc.oneof(
  fc.integer({ min: -40, max: 1 }).map((days) => new Date(now + days * 86_400_000).toISOString()),
  fc.constantFrom(
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "yesterday",
    "2024-02-30T00:00:00Z",
    1700000000,
    null,
  ),
);

const metadata = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  fc.constant({ big: "x".repeat(3000) }),
  fc.constant({ nested: { deep: true } }),
  fc.constantFrom([], "meta", 42),
);

/** An event whose id is either a string from a small per-request pool (so batches repeat ids) or something hostile. */
const hostileEvent = fc.record(
  {
    id: fc.oneof(
      fc.constantFrom("a", "b", "c"),
      hostileString,
      fc.constantFrom(123, null, { $gt: "" }, "x".repeat(250)),
    ),
    model: fc.oneof(fc.constantFrom("openai/gpt-5", "anthropic/claude-sonnet-4-5"), hostileString, fc.constant(7)),
    input_tokens: tokenValue,
    cached_input_tokens: tokenValue,
    output_tokens: tokenValue,
    reasoning_tokens: tokenValue,
    timestamp,
    status: fc.constantFrom("ok", "error", "cancelled", "weird"),
    metadata,
    agent: hostileString,
    unknown_field: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

/** A plausible event (ids from a small pool, unicode and injection strings in free text) that should be accepted. */
const plausibleEvent = fc.record(
  {
    id: fc.oneof(
      fc.constantFrom("a", "b", "c"),
      fc.constantFrom(...HOSTILE_STRINGS.filter((v) => !v.includes("\u0000") && v.trim() !== "")),
    ),
    model: fc.constantFrom("openai/gpt-5", "anthropic/claude-sonnet-4-5", "m\u00e9-\ud83d\ude00"),
    input_tokens: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    output_tokens: fc.integer({ min: 0, max: 1_000_000 }),
    agent: fc.constantFrom("coder", "'; DROP TABLE x; --", "<b>"),
  },
  { requiredKeys: ["id", "model"] },
);

const anyEvent = fc.oneof(plausibleEvent, hostileEvent);

const RAW_BODIES = [
  '{"id": "x", ',
  "{",
  "nul",
  "[1,]",
  '{"events": [}',
  "\ud800",
  "{}{}",
  '{"a":1}x',
  "\u0000",
  "1e999",
];

type Shape =
  | { kind: "single"; event: Record<string, unknown> }
  | { kind: "batch"; events: Record<string, unknown>[] }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string };

const bodyShape: fc.Arbitrary<Shape> = fc.oneof(
  { weight: 3, arbitrary: anyEvent.map((event) => ({ kind: "single" as const, event })) },
  {
    weight: 4,
    arbitrary: fc
      .array(anyEvent, { minLength: 1, maxLength: 15 })
      .map((events) => ({ kind: "batch" as const, events })),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: "json" as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom(...RAW_BODIES), fc.string({ maxLength: 40 }))
      .map((text) => ({ kind: "raw" as const, text })),
  },
);

/** Gives every string id of one request a unique prefix, so stored jobs can be traced back to the request. */
function withNonce(event: Record<string, unknown>, nonce: string): Record<string, unknown> {
  return typeof event.id === "string" ? { ...event, id: `${nonce}~${event.id}` } : event;
}

function serialize(shape: Shape, nonce: string): string {
  switch (shape.kind) {
    case "single":
      return JSON.stringify(withNonce(shape.event, nonce));
    case "batch":
      return JSON.stringify({ events: shape.events.map((event) => withNonce(event, nonce)) });
    case "json":
      return JSON.stringify(shape.value);
    case "raw":
      return shape.text;
  }
}

interface IngestCounts {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; code: string; message: string }[];
}

describe("hostile request bodies", () => {
  it("never get a 5xx; every answer is 202 or a coded 4xx; Redis holds exactly the events reported accepted", async () => {
    const acceptedByNonce = new Map<string, number>();
    let requestNumber = 0;
    await fc.assert(
      fc.asyncProperty(bodyShape, fc.boolean(), async (shape, gzip) => {
        requestNumber += 1;
        const nonce = `h${requestNumber.toString()}`;
        const text = serialize(shape, nonce);
        const response = await fixture.ingest().post(gzip ? gzipSync(Buffer.from(text)) : text, {
          headers: gzip ? { "content-encoding": "gzip" } : {},
        });
        if (response.statusCode === 202) {
          const body = response.json<IngestCounts>();
          const sent = shape.kind === "batch" ? shape.events.length : 1;
          expect(body.accepted + body.duplicates + body.rejected.length).toBe(sent);
          for (const rejection of body.rejected) {
            expect(rejection.code).toMatch(/^[a-z_]+$/);
            expect(rejection.message.length).toBeGreaterThan(0);
          }
          acceptedByNonce.set(nonce, body.accepted);
        } else {
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, response.body).toBeLessThan(500);
          const { error } = response.json<{ error: { code: string; message: string } }>();
          expect(error.code).toMatch(/^[a-z_]+$/);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 250 },
    );

    const storedIds = (await fixture.ingest().storedGroups()).flatMap((group) => group.events.map((event) => event.id));
    expect(new Set(storedIds).size).toBe(storedIds.length);
    const storedByNonce = new Map<string, number>();
    for (const id of storedIds) {
      const nonce = id.split("~")[0] ?? "";
      storedByNonce.set(nonce, (storedByNonce.get(nonce) ?? 0) + 1);
    }
    const acceptedNonEmpty = new Map([...acceptedByNonce].filter(([, accepted]) => accepted > 0));
    expect(storedByNonce).toEqual(acceptedNonEmpty);
    expect(storedIds.length).toBeGreaterThan(0);
  });
});
