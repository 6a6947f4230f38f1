import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseUsageEvent, usageEventInputSchema, type UsageEventInput } from "@tollgate/domain";
import { afterEach, describe, expect, it } from "vitest";
import { MIN_CALLS_PER_TASK } from "../local/demo-traffic/agent-task.ts";
import { DEMO_MODELS, UNPRICED_MODEL } from "../local/demo-traffic/demo-models.ts";
import { retryAfterMs, sendBatch } from "../local/demo-traffic/sender.ts";
import { createTrafficGenerator, type GeneratedEvent } from "../local/demo-traffic/traffic-generator.ts";
import { zipfExponentForTopShare, zipfWeights } from "../local/demo-traffic/zipf.ts";

const TENANTS = ["acme-agents", "globex-ai", "initech-labs"];
const NOW = new Date("2026-03-01T12:00:00Z");

function generate(count: number, seed = 42): GeneratedEvent[] {
  const generator = createTrafficGenerator({ tenants: TENANTS, seed });
  return Array.from({ length: count }, () => generator.next(NOW));
}

function shares(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return new Map([...counts].map(([key, count]) => [key, count / values.length]));
}

const events = generate(20_000);
const byTask = new Map<string, UsageEventInput[]>();
for (const { event } of events) {
  const calls = byTask.get(event.task_id!) ?? [];
  calls.push(event);
  byTask.set(event.task_id!, calls);
}

describe("demo traffic generator", () => {
  it("is reproducible from its seed", () => {
    expect(generate(500)).toEqual(generate(500));
    expect(generate(50, 7).map((e) => e.event.id)).not.toEqual(generate(50, 8).map((e) => e.event.id));
  });

  it("gives the busiest customer about 25 % of 20k events, and skews tenants the same way", () => {
    // Per tenant+customer: customer names repeat across tenants.
    const customerShares = [...shares(events.map((e) => `${e.tenant}/${e.event.customer!}`)).values()];
    const top = Math.max(...customerShares);
    expect(top).toBeGreaterThanOrEqual(0.22);
    expect(top).toBeLessThanOrEqual(0.28);
    expect(customerShares.length).toBeGreaterThanOrEqual(20);
    const tenantShares = shares(events.map((e) => e.tenant));
    expect([...tenantShares.keys()].sort()).toEqual([...TENANTS].sort());
    expect(tenantShares.get("acme-agents")!).toBeGreaterThan(tenantShares.get("globex-ai")!);
    expect(tenantShares.get("globex-ai")!).toBeGreaterThan(tenantShares.get("initech-labs")!);
  });

  it("mixes models Zipf-like, most popular first, with a little unpriced traffic", () => {
    const modelShares = shares(events.map((e) => e.event.model));
    const first = modelShares.get(DEMO_MODELS[0]!.id)!;
    const last = modelShares.get(DEMO_MODELS.at(-1)!.id) ?? 0;
    expect(first).toBeGreaterThan(3 * last);
    expect(modelShares.size).toBeGreaterThanOrEqual(10);
    const unpriced = modelShares.get(UNPRICED_MODEL.id) ?? 0;
    expect(unpriced).toBeGreaterThan(0);
    expect(unpriced).toBeLessThan(0.05);
  });

  it("makes tasks of at least 5 calls whose cached context grows, written to the cache on the first call", () => {
    // Tasks still running when the sample ends may be short; every finished one has at least the minimum.
    const finished = [...byTask.values()].filter((calls) => calls.length >= MIN_CALLS_PER_TASK);
    expect(finished.length).toBeGreaterThan(100);
    const lastCalls = new Map<string, string>();
    for (const { tenant, event } of events)
      lastCalls.set(`${tenant}/${event.customer!}/${event.agent!}`, event.task_id!);
    const stillRunning = new Set(lastCalls.values());
    for (const [taskId, calls] of byTask) {
      if (!stillRunning.has(taskId)) expect(calls.length).toBeGreaterThanOrEqual(MIN_CALLS_PER_TASK);
      const [first, ...rest] = calls;
      expect(first!.cache_write_tokens).toBeGreaterThan(0);
      expect(first!.cached_input_tokens).toBe(0);
      let previous = 0;
      for (const call of rest) {
        expect(call.cached_input_tokens!).toBeGreaterThan(previous);
        expect(call.cache_write_tokens).toBe(0);
        previous = call.cached_input_tokens!;
      }
    }
    const later = [...byTask.values()].flatMap((calls) => calls.slice(1));
    const cached = later.reduce((sum, call) => sum + call.cached_input_tokens!, 0);
    const input = later.reduce((sum, call) => sum + call.input_tokens!, 0);
    expect(cached).toBeGreaterThan(10 * input);
  });

  it("sends reasoning tokens only for reasoning models", () => {
    const reasoningModels = new Set(DEMO_MODELS.filter((model) => model.reasoning).map((model) => model.id));
    for (const { event } of events) {
      expect(event.reasoning_tokens !== undefined, event.model).toBe(reasoningModels.has(event.model));
    }
  });

  it("produces only valid canonical events with unique ids", () => {
    for (const { event } of events) {
      expect(usageEventInputSchema.safeParse(event).success).toBe(true);
      expect(parseUsageEvent(event, NOW).ok).toBe(true);
    }
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
  });
});

describe("zipf", () => {
  it("finds the exponent that gives rank 1 the asked-for share", () => {
    const exponent = zipfExponentForTopShare(24, 0.25);
    expect(zipfWeights(24, exponent)[0]).toBeCloseTo(0.25, 6);
    expect(() => zipfExponentForTopShare(3, 0.25)).toThrow(RangeError);
  });
});

describe("sender", () => {
  let server: Server | undefined;
  afterEach(async () => {
    const current = server;
    server = undefined;
    if (current) {
      await new Promise<void>((resolve) => {
        current.close(() => {
          resolve();
        });
      });
    }
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const started = createServer(handler);
    server = started;
    await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(started.address() as AddressInfo).port.toString()}`;
  }

  it("reads Retry-After as seconds or a date, bounded", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs("3600")).toBe(30_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 5000)).toBe(5000);
  });

  it("waits out a 429 and resends the same batch with the tenant's key", async () => {
    const requests: { at: number; auth: string | undefined; body: string }[] = [];
    const ingestUrl = await listen((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        requests.push({ at: Date.now(), auth: request.headers.authorization, body });
        if (requests.length === 1) {
          response.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end("{}");
        } else {
          response.writeHead(202, { "content-type": "application/json" });
          response.end(JSON.stringify({ accepted: 2, duplicates: 1, rejected: [] }));
        }
      });
    });
    const batch = generate(3).map((e) => e.event);
    const result = await sendBatch(batch, {
      ingestUrl,
      apiKey: "tg_key",
      signal: new AbortController().signal,
    });
    expect(result).toEqual({ accepted: 2, duplicates: 1, rejected: 0 });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    expect(requests[1]!.auth).toBe("Bearer tg_key");
    expect(JSON.parse(requests[0]!.body)).toEqual({ events: batch });
  });

  it("gives a batch up when told to stop while waiting out Retry-After", async () => {
    let requests = 0;
    const ingestUrl = await listen((_request, response) => {
      requests += 1;
      response.writeHead(429, { "retry-after": "30" }).end();
    });
    const startedAt = Date.now();
    const result = await sendBatch(
      generate(1).map((e) => e.event),
      {
        ingestUrl,
        apiKey: "tg_key",
        signal: new AbortController().signal,
        retrySignal: AbortSignal.timeout(300),
      },
    );
    expect(result).toBeNull();
    expect(requests).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });
});
