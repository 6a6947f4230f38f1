import { createRedis } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createIngestDatabase, startTestIngest, type IngestDatabase } from "./support/ingest-fixture.ts";
import { startRedisServer, type RedisServer } from "@tollgate/queues/testing";

let database: IngestDatabase;
let redisProcess: RedisServer;

beforeAll(async () => {
  database = await createIngestDatabase();
  redisProcess = await startRedisServer();
});

afterAll(async () => {
  await redisProcess.stop();
  await database.drop();
});

describe("when Redis is unavailable", () => {
  // A hang would show as this timeout; the assertions below need Retry-After and the 503 itself.
  it("answers 503 with Retry-After at once, and 202 again once Redis is back", { timeout: 20_000 }, async () => {
    const ingest = await startTestIngest(database, {}, redisProcess.url);
    try {
      expect((await ingest.post({ id: "out-1", model: "m" })).statusCode).toBe(202);
      await redisProcess.kill9();
      const down = await ingest.post({ id: "out-2", model: "m" });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ error: { code: "unavailable" } });
      expect(down.headers["retry-after"]).toBe("1");

      await redisProcess.restart();
      await vi.waitFor(
        async () => {
          expect((await ingest.post({ id: "out-2", model: "m" })).statusCode).toBe(202);
        },
        { timeout: 10_000, interval: 100 },
      );
      // The job acknowledged before the crash survived it (appendfsync always).
      const ids = (await ingest.storedGroups()).flatMap((group) => group.events.map((event) => event.id));
      expect(ids.sort()).toEqual(["out-1", "out-2"]);
    } finally {
      await ingest.close();
    }
  });

  it(
    "fails every request of a batch whose job could not be stored, and stores none of it",
    { timeout: 20_000 },
    async () => {
      const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000 }, redisProcess.url);
      try {
        const pending = ["fail-1", "fail-2", "fail-1"].map((id) => ingest.post({ id, model: "m" }));
        await vi.waitFor(() => {
          expect(ingest.runtime.coalescer.stats().waitingRequests).toBe(3);
        });
        await redisProcess.kill9();
        await ingest.runtime.coalescer.flushAll();
        const responses = await Promise.all(pending);
        expect(responses.map((response) => response.statusCode)).toEqual([503, 503, 503]);
        expect(responses.every((response) => response.headers["retry-after"] === "1")).toBe(true);

        await redisProcess.restart();
        const check = createRedis(redisProcess.url, "worker");
        try {
          expect(await check.keys(`${ingest.prefix}:usage-events:usage-*`)).toEqual([]);
        } finally {
          check.disconnect();
        }
      } finally {
        await ingest.close();
      }
    },
  );

  it("answers a reservation 503 while Redis is down (never an allow), and decides again after", async () => {
    // A priced model and a budget, so the decision needs Redis.
    const db = database.db;
    await db.model.create({ data: { id: "m", provider: "t", displayName: "m" } });
    const plan = await db.plan.create({ data: { code: "outage", name: "Outage" } });
    const version = await db.planVersion.create({
      data: { planId: plan.id, version: 1, status: "published", currency: "USD", effectiveFrom: new Date(0) },
    });
    await db.planRate.createMany({
      data: [
        { planVersionId: version.id, modelId: "m", tokenType: "input", pricePerMillion: "1" },
        { planVersionId: version.id, modelId: "m", tokenType: "output", pricePerMillion: "2" },
      ],
    });
    await db.subscription.create({
      data: { tenantId: database.tenantId, planVersionId: version.id, startsAt: new Date(0) },
    });
    await db.budget.create({
      data: { tenantId: database.tenantId, scope: "tenant", amount: "5", currency: "USD", thresholds: [100] },
    });
    const ingest = await startTestIngest(database, { reservationTermsTtlMs: 0 }, redisProcess.url);
    const reserve = () =>
      ingest.runtime.app.inject({
        method: "POST",
        url: "/v1/limits/reserve",
        headers: { "content-type": "application/json", authorization: `Bearer ${database.keys.ingest}` },
        payload: JSON.stringify({ model: "m", input_tokens: 10, max_output_tokens: 10 }),
      });
    let redisUp = true;
    try {
      await redisProcess.kill9();
      redisUp = false;
      const down = await reserve();
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ error: { code: "unavailable" } });
      expect(down.headers["retry-after"]).toBe("1");
      await redisProcess.restart();
      redisUp = true;
      await vi.waitFor(
        async () => {
          const up = await reserve();
          expect(up.statusCode).toBe(200);
          // 10 input × 1/1M + 10 output × 2/1M
          expect(up.json()).toMatchObject({ allowed: true, amount: "0.00003" });
        },
        { timeout: 10_000, interval: 100 },
      );
    } finally {
      if (!redisUp) await redisProcess.restart();
      await ingest.close();
    }
  }, 30_000);
});
