import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_USAGE_JOB_EVENTS, parseUsageJobPayload, usageJobPayloadSchema } from "../src/index.ts";

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  timestamp: "2026-12-02T06:00:00.000Z",
  model: "openai/gpt-5",
  tokens: { input: 1, cached_input: 0, cache_write: 0, output: 2, reasoning: 0 },
  status: "ok",
  ...extra,
});
const tenantId = randomUUID();
const job = (events: unknown[], extra: Record<string, unknown> = {}) => ({
  receivedAt: "2026-12-02T06:00:01.000Z",
  batches: [{ tenantId, apiKeyId: null, events }],
  ...extra,
});

/** Payloads on every path: plain, zod per event, the full schema (legacy shape, extra keys, errors). */
const payloads: Record<string, unknown> = {
  plain: job([event("a"), event("b", { customer: "c1", agent: "x" })]),
  "with metadata and reported cost": job([event("a", { metadata: { k: "v" }, reported_cost: "0.01" })]),
  "offset timestamp": job([event("a", { timestamp: "2026-12-02T08:00:00+02:00" })]),
  "unknown event key (stripped)": job([event("a", { colour: "red" })]),
  "unknown job key (stripped)": job([event("a")], { note: "x" }),
  legacy: { tenantId, apiKeyId: null, receivedAt: "2026-12-02T06:00:01.000Z", events: [event("a")] },
  "invalid event": job([event("a"), event("b", { tokens: { input: -1 } })]),
  "invalid timestamp": job([event("a", { timestamp: "2026-02-30T00:00:00.000Z" })]),
  "bad tenant": { ...job([event("a")]), batches: [{ tenantId: "nope", apiKeyId: null, events: [event("a")] }] },
  "no events": job([]),
  "too many events in all": {
    receivedAt: "2026-12-02T06:00:01.000Z",
    batches: [0, 1].map(() => ({
      tenantId,
      apiKeyId: null,
      events: Array.from({ length: MAX_USAGE_JOB_EVENTS / 2 + 1 }, (_, index) => event(`e${index.toString()}`)),
    })),
  },
  "not an object": "payload",
};

describe("parseUsageJobPayload", () => {
  it.each(Object.entries(payloads))("gives the schema's result: %s", (_, payload) => {
    const fast = parseUsageJobPayload(payload);
    const schema = usageJobPayloadSchema.safeParse(payload);
    expect(fast.success).toBe(schema.success);
    if (schema.success) expect(fast.data).toEqual(schema.data);
    else expect(fast.error?.issues).toEqual(schema.error.issues);
  });

  it("keeps the plain events as they are (no copy)", () => {
    const plain = event("a");
    const parsed = parseUsageJobPayload(job([plain]));
    expect(parsed.data?.batches[0]?.events[0]).toBe(plain);
  });
});
