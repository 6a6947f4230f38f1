import { describe, expect, it } from "vitest";
import { parseUsageEvent, tokenCountsOf } from "../src/index.ts";

const now = new Date("2026-11-25T12:00:00.000Z");

describe("parseUsageEvent", () => {
  it("accepts a canonical event and fills defaults", () => {
    const result = parseUsageEvent({ id: "evt_1", model: "openai/gpt-5", input_tokens: 10, output_tokens: 2 }, now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.timestamp).toBe(now.toISOString());
    expect(result.event.status).toBe("ok");
    expect(tokenCountsOf(result.event)).toEqual({
      input: 10n,
      cached_input: 0n,
      cache_write: 0n,
      output: 2n,
      reasoning: 0n,
    });
  });

  it.each([
    [{ model: "m" }, "id"],
    [{ id: "a", model: "m", input_tokens: -1 }, "input_tokens"],
    [{ id: "a", model: "m", input_tokens: 1.5 }, "input_tokens"],
    [{ id: "a", model: "m", output_tokens: 2 ** 64 }, "output_tokens"],
    [{ id: "a", model: "m", output_tokens: "12" }, "output_tokens"],
    [{ id: "a", model: "m", inputTokens: 1 }, "inputTokens"],
    [{ id: "a".repeat(201), model: "m" }, "id"],
    [{ id: "a", model: "m", metadata: { k: "x".repeat(3000) } }, "metadata"],
    [{ id: "a", model: "m", metadata: { k: 1 } }, "metadata.k"],
  ])("rejects a bad event (case %#) naming the field", (raw, field) => {
    const result = parseUsageEvent(raw, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("invalid_event");
    expect(result.message.startsWith(field)).toBe(true);
  });

  it("rejects timestamps outside now-35d .. now+5min", () => {
    const old = parseUsageEvent({ id: "a", model: "m", timestamp: "2026-10-01T00:00:00Z" }, now);
    const future = parseUsageEvent({ id: "a", model: "m", timestamp: "2026-11-25T12:06:00Z" }, now);
    const edge = parseUsageEvent({ id: "a", model: "m", timestamp: "2026-11-25T12:04:59+00:00" }, now);
    expect(old).toMatchObject({ ok: false, code: "timestamp_out_of_range", id: "a" });
    expect(future).toMatchObject({ ok: false, code: "timestamp_out_of_range" });
    expect(edge.ok).toBe(true);
  });
});

describe("parseUsageEvent: characters Postgres cannot store", () => {
  it("rejects NUL in ids, models and metadata", () => {
    for (const raw of [
      { id: "a\u0000", model: "m" },
      { id: "a", model: "m\u0000" },
      { id: "a", model: "m", metadata: { k: "v\u0000" } },
    ]) {
      expect(parseUsageEvent(raw, now)).toMatchObject({ ok: false, code: "invalid_event" });
    }
  });
});

describe("parseUsageEvent: strings that would change on the way to Postgres", () => {
  it("rejects lone surrogates, which Postgres would store as U+FFFD (two ids would collide)", () => {
    const cases: [string, string][] = [
      ['{"id":"a\\ud800","model":"m"}', "id: must be valid Unicode (no lone surrogates)"],
      ['{"id":"a","model":"m","metadata":{"k":"\\udc00"}}', "metadata.k: must be valid Unicode (no lone surrogates)"],
    ];
    for (const [body, message] of cases) {
      expect(parseUsageEvent(JSON.parse(body), now)).toMatchObject({ ok: false, code: "invalid_event", message });
    }
    expect(parseUsageEvent({ id: "🧾", model: "m" }, now).ok).toBe(true);
  });

  it("rejects a __proto__ metadata key instead of silently dropping it", () => {
    const raw: unknown = JSON.parse('{"id":"a","model":"m","metadata":{"__proto__":"x","k":"v"}}');
    expect(parseUsageEvent(raw, now)).toMatchObject({
      ok: false,
      code: "invalid_event",
      message: "metadata.__proto__: not allowed as a key",
      id: "a",
    });
  });

  it("names the timestamp field when it is out of range", () => {
    const result = parseUsageEvent({ id: "a", model: "m", timestamp: "1970-01-01T00:00:00Z" }, now);
    expect(!result.ok && result.message.startsWith("timestamp: ")).toBe(true);
  });
});
