import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRedis,
  createTypedQueue,
  createTypedWorker,
  usageBatchJobId,
  type UsageBatchPayload,
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

const payload: UsageBatchPayload = {
  tenantId: randomUUID(),
  apiKeyId: null,
  receivedAt: new Date().toISOString(),
  events: [
    {
      id: "e1",
      timestamp: new Date().toISOString(),
      model: "openai/gpt-5",
      tokens: { input: 1, cached_input: 0, cache_write: 0, output: 2, reasoning: 0 },
      status: "ok",
    },
  ],
};

describe("queue catalog", () => {
  it("delivers a valid payload and fails an invalid one once, without retries", async () => {
    const queue = createTypedQueue("usage", producer, prefix);
    const seen: UsageBatchPayload[] = [];
    const worker = createTypedWorker("usage", workerConnection, prefix, (data) => {
      seen.push(data);
      return Promise.resolve();
    });
    try {
      await queue.add("good", payload);
      // Bypass the typed producer to simulate a corrupt or foreign payload.
      await queue.queue.add("usage-events", { tenantId: "not-a-uuid" }, { jobId: "bad" });
      await expect
        .poll(async () => (await queue.queue.getJob("bad"))?.failedReason, { timeout: 10_000 })
        .toMatch(/invalid/);
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
      const bad = await queue.queue.getJob("bad");
      expect(bad?.attemptsMade).toBe(1);
      expect(seen[0]).toEqual(payload);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it("stores a re-sent batch once thanks to the deterministic job id", async () => {
    const queue = createTypedQueue("usage", producer, prefix);
    try {
      const id = usageBatchJobId(payload.tenantId, ["a", "b"]);
      expect(usageBatchJobId(payload.tenantId, ["a", "b"])).toBe(id);
      expect(usageBatchJobId(payload.tenantId, ["a", "c"])).not.toBe(id);
      await queue.add(id, payload);
      await queue.add(id, payload);
      expect(await queue.queue.getJobCountByTypes("waiting")).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
