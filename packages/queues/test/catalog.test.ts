import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRedis,
  createTypedQueue,
  createTypedWorker,
  usageJobId,
  usageJobPayloadSchema,
  type LegacyUsageJobPayload,
  type UsageJobPayload,
} from "../src/index.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{tollgate-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");

afterAll(async () => {
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  workerConnection.disconnect();
});

const usageEvent = (id: string) => ({
  id,
  timestamp: new Date().toISOString(),
  model: "openai/gpt-5",
  tokens: { input: 1, cached_input: 0, cache_write: 0, output: 2, reasoning: 0 },
  status: "ok" as const,
});

const tenantA = randomUUID();
const tenantB = randomUUID();
const payload: UsageJobPayload = {
  receivedAt: new Date().toISOString(),
  batches: [
    { tenantId: tenantA, apiKeyId: null, events: [usageEvent("e1")] },
    { tenantId: tenantB, apiKeyId: randomUUID(), events: [usageEvent("e1"), usageEvent("e2")] },
  ],
};

/** A job as written before jobs spanned tenants: one tenant, top-level events. */
const legacy: LegacyUsageJobPayload = {
  tenantId: tenantA,
  apiKeyId: null,
  receivedAt: new Date().toISOString(),
  events: [usageEvent("old-1"), usageEvent("old-2")],
};

describe("queue catalog", () => {
  it("delivers a valid payload and a pre-upgrade one (normalized), and fails an invalid one once", async () => {
    const queue = createTypedQueue("usage", producer, prefix);
    const seen: UsageJobPayload[] = [];
    const worker = createTypedWorker("usage", workerConnection, prefix, (data) => {
      seen.push(data);
      return Promise.resolve();
    });
    try {
      await queue.add("good", payload);
      // Bypass the typed producer: a job left in Redis by the previous version, and a corrupt or foreign payload.
      await queue.queue.add("usage-events", legacy, { jobId: "legacy" });
      await queue.queue.add("usage-events", { tenantId: "not-a-uuid" }, { jobId: "bad" });
      await expect
        .poll(async () => (await queue.queue.getJob("bad"))?.failedReason, { timeout: 10_000 })
        .toMatch(/invalid/);
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
      const bad = await queue.queue.getJob("bad");
      expect(bad?.attemptsMade).toBe(1);
      expect(seen).toContainEqual(payload);
      expect(seen).toContainEqual({
        receivedAt: legacy.receivedAt,
        batches: [{ tenantId: tenantA, apiKeyId: null, events: legacy.events }],
      });
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it("stores a re-sent batch once thanks to the deterministic job id", async () => {
    const queue = createTypedQueue("usage", producer, prefix);
    try {
      const id = usageJobId(payload.batches);
      expect(usageJobId(structuredClone(payload.batches))).toBe(id);
      await queue.add(id, payload);
      await queue.add(id, payload);
      expect(await queue.queue.getJobCountByTypes("waiting")).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it("derives job ids from (tenant, event id) pairs so that no other grouping collides", () => {
    const ids = (...groups: [string, string[]][]) =>
      usageJobId(groups.map(([tenantId, eventIds]) => ({ tenantId, events: eventIds.map((id) => ({ id })) })));
    const variants = [
      ids([tenantA, ["a", "b"]]),
      ids([tenantA, ["a", "c"]]),
      ids([tenantB, ["a", "b"]]),
      ids([tenantA, ["a"]], [tenantA, ["b"]]),
      ids([tenantA, ["a"]], [tenantB, ["b"]]),
      ids([tenantB, ["b"]], [tenantA, ["a"]]),
      ids([tenantA, ["ab"]]),
      ids([tenantA, ["a\u0000b"]]),
      ids([tenantA, ["a", ""]]),
    ];
    expect(new Set(variants).size).toBe(variants.length);
    expect(ids([tenantA, ["a"]], [tenantB, ["b"]])).toBe(variants[4]);
  });

  it("validates job payloads: total events bounded, no empty group, old shape normalized", () => {
    const many = Array.from({ length: 5_001 }, (_, i) => usageEvent(`m-${i.toString()}`));
    const tooMany = {
      receivedAt: payload.receivedAt,
      batches: [
        { tenantId: tenantA, apiKeyId: null, events: many },
        { tenantId: tenantB, apiKeyId: null, events: many },
      ],
    };
    expect(usageJobPayloadSchema.safeParse(tooMany).success).toBe(false);
    expect(usageJobPayloadSchema.safeParse({ ...tooMany, batches: [tooMany.batches[0]] }).success).toBe(true);
    const emptyGroup = { tenantId: tenantA, apiKeyId: null, events: [] };
    expect(usageJobPayloadSchema.safeParse({ receivedAt: payload.receivedAt, batches: [emptyGroup] }).success).toBe(
      false,
    );
    expect(usageJobPayloadSchema.safeParse({ receivedAt: payload.receivedAt, batches: [] }).success).toBe(false);
    expect(usageJobPayloadSchema.parse(legacy)).toEqual({
      receivedAt: legacy.receivedAt,
      batches: [{ tenantId: tenantA, apiKeyId: null, events: legacy.events }],
    });
  });
});
