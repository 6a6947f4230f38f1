import { usageJobId } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestDatabase, startTestIngest, type IngestDatabase } from "./support/ingest-fixture.ts";

let database: IngestDatabase;

beforeAll(async () => {
  database = await createIngestDatabase();
});

afterAll(async () => {
  await database.drop();
});

const events = (prefix: string, count: number) => ({
  events: Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i.toString()}`, model: "m", input_tokens: 1 })),
});

describe("per-tenant rate limit", () => {
  it("answers 429 with Retry-After once a tenant's events exceed the window's limit, and counts nothing refused", async () => {
    // A long window, so the test does not depend on when a second boundary falls.
    const ingest = await startTestIngest(database, { rateLimitEvents: 5, rateLimitWindowMs: 60_000 });
    try {
      expect((await ingest.post(events("rl-a", 4))).statusCode).toBe(202);
      const over = await ingest.post(events("rl-b", 2));
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect(Number(over.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers["retry-after"])).toBeLessThanOrEqual(60);
      // The refused request's events were given back: one more event still fits.
      expect((await ingest.post(events("rl-c", 1))).statusCode).toBe(202);
      // Another tenant has its own budget.
      expect((await ingest.post(events("rl-d", 5), { key: database.keys.otherTenant })).statusCode).toBe(202);
      const ids = (await ingest.storedGroups()).flatMap((group) => group.events.map((event) => event.id));
      expect(ids.filter((id) => id.startsWith("rl-b"))).toEqual([]);
      expect(ids.length).toBe(10);
    } finally {
      await ingest.close();
    }
  });
});

describe("queue backpressure", () => {
  it("answers 429 with Retry-After while the usage queue is over its limit, and 202 again once it drains", async () => {
    const ingest = await startTestIngest(database, { maxQueueBacklog: 3 });
    try {
      // No worker runs: jobs stay waiting.
      for (let i = 0; i < 4; i += 1) {
        expect((await ingest.post({ id: `bp-${i.toString()}`, model: "m" })).statusCode).toBe(202);
      }
      await ingest.runtime.backlog.refresh();
      const throttled = await ingest.post({ id: "bp-over", model: "m" });
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect(throttled.headers["retry-after"]).toBe("1");
      const stored = await ingest.storedGroups();
      expect(stored.flatMap((group) => group.events.map((event) => event.id))).not.toContain("bp-over");

      await ingest.runtime.usageQueue.queue.obliterate({ force: true });
      await ingest.runtime.backlog.refresh();
      expect((await ingest.post({ id: "bp-over", model: "m" })).statusCode).toBe(202);
      const after = await ingest.storedGroups();
      expect(after.map((group) => group.events.map((event) => event.id))).toEqual([["bp-over"]]);
      const jobs = await ingest.runtime.usageQueue.queue.getJobs(["waiting"]);
      expect(jobs.map((job) => job.id)).toEqual([
        usageJobId([{ tenantId: database.tenantId, events: [{ id: "bp-over" }] }]),
      ]);
    } finally {
      await ingest.close();
    }
  });
});
