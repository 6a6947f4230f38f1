import { usageJobId, type UsageJobPayload } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createIngestDatabase, startTestIngest, type IngestDatabase } from "./support/ingest-fixture.ts";

let database: IngestDatabase;

beforeAll(async () => {
  database = await createIngestDatabase();
});

afterAll(async () => {
  await database.drop();
});

interface Counts {
  accepted: number;
  duplicates: number;
}

function eventIds(payloads: UsageJobPayload[]): string[] {
  return payloads.flatMap((payload) => payload.batches.flatMap((group) => group.events.map((event) => event.id)));
}

describe("request coalescing", () => {
  it("merges 50 concurrent requests into one job, each event once, and answers them only after it is stored", async () => {
    // The time bound is out of the way (a minute); the test stores the batch itself once all 50 requests wait.
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000 });
    try {
      // 50 single-event requests over 30 ids: 20 repeat an id another concurrent request carries.
      const ids = Array.from({ length: 50 }, (_, i) => `co-${(i % 30).toString()}`);
      const responses = ids.map((id) => ingest.post({ id, model: "m", input_tokens: 7 }));
      await vi.waitFor(() => {
        expect(ingest.runtime.coalescer.stats().waitingRequests).toBe(50);
      });
      // Nothing is answered or stored before the batch is.
      expect(await ingest.storedPayloads()).toEqual([]);
      await ingest.runtime.coalescer.flushAll();

      const bodies = await Promise.all(
        responses.map(async (pending) => {
          const response = await pending;
          expect(response.statusCode).toBe(202);
          return response.json<Counts>();
        }),
      );
      expect(bodies.reduce((sum, body) => sum + body.accepted, 0)).toBe(30);
      expect(bodies.reduce((sum, body) => sum + body.duplicates, 0)).toBe(20);
      const payloads = await ingest.storedPayloads();
      expect(payloads.length).toBe(1);
      const stored = eventIds(payloads);
      expect([...stored].sort()).toEqual([...new Set(ids)].sort());
      expect(payloads[0]?.batches.map((group) => [group.tenantId, group.apiKeyId])).toEqual([
        [database.tenantId, database.keys.ingestKeyId],
      ]);
      const [job] = await ingest.runtime.usageQueue.queue.getJobs(["waiting"]);
      expect(job?.id).toBe(usageJobId([{ tenantId: database.tenantId, events: stored.map((id) => ({ id })) }]));
    } finally {
      await ingest.close();
    }
  });

  it("stores a batch by itself after the delay and caps it by size, never splitting a request", async () => {
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 5, coalesceMaxEvents: 10 });
    try {
      const requests = Array.from({ length: 50 }, (_, r) => ({
        events: Array.from({ length: 3 }, (_, i) => ({ id: `sz-${r.toString()}-${i.toString()}`, model: "m" })),
      }));
      const bodies = await Promise.all(
        requests.map(async (body) => {
          const response = await ingest.post(body);
          expect(response.statusCode).toBe(202);
          return response.json<Counts>();
        }),
      );
      expect(bodies.every((body) => body.accepted === 3 && body.duplicates === 0)).toBe(true);
      const payloads = await ingest.storedPayloads();
      const stored = eventIds(payloads);
      expect(stored.length).toBe(150);
      expect(new Set(stored).size).toBe(150);
      for (const ids of payloads.map((payload) => eventIds([payload]))) {
        expect(ids.length).toBeLessThanOrEqual(10);
        // A request's three events are always in one job.
        const requestsInJob = new Set(ids.map((id) => id.split("-")[1]));
        expect(ids.length).toBe(requestsInJob.size * 3);
      }
    } finally {
      await ingest.close();
    }
  });

  it("merges requests of different tenants into one job, one group per (tenant, key); ids are per tenant", async () => {
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000 });
    try {
      const other = { key: database.keys.otherTenant };
      const responses = [
        ingest.post({ id: "mt-1", model: "m" }),
        ingest.post({ id: "mt-2", model: "m" }, other),
        ingest.post({ id: "mt-3", model: "m" }),
        // The same id from another tenant is that tenant's own event, not a duplicate...
        ingest.post({ id: "mt-1", model: "m" }, other),
        // ...but the same tenant sending an id again is.
        ingest.post({ id: "mt-3", model: "m" }),
      ];
      await vi.waitFor(() => {
        expect(ingest.runtime.coalescer.stats().waitingRequests).toBe(5);
      });
      await ingest.runtime.coalescer.flushAll();
      const bodies = await Promise.all(
        responses.map(async (pending) => {
          const response = await pending;
          expect(response.statusCode).toBe(202);
          return response.json<Counts>();
        }),
      );
      // [accepted, duplicates] per request
      expect(bodies.map((body) => [body.accepted, body.duplicates])).toEqual([
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 1],
      ]);
      const payloads = await ingest.storedPayloads();
      expect(payloads.length).toBe(1);
      const groups = payloads[0]?.batches ?? [];
      expect(groups.map((group) => [group.tenantId, group.apiKeyId, group.events.map((event) => event.id)])).toEqual([
        [database.tenantId, database.keys.ingestKeyId, ["mt-1", "mt-3"]],
        [database.otherTenantId, database.keys.otherTenantKeyId, ["mt-2", "mt-1"]],
      ]);
      const [job] = await ingest.runtime.usageQueue.queue.getJobs(["waiting"]);
      expect(job?.id).toBe(usageJobId(groups));
    } finally {
      await ingest.close();
    }
  });

  it("stores a request that does not fit the open batch in a job of its own, whole", async () => {
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000, coalesceMaxEvents: 10 });
    try {
      const small = ingest.post({
        events: [
          { id: "nf-1", model: "m" },
          { id: "nf-2", model: "m" },
        ],
      });
      await vi.waitFor(() => {
        expect(ingest.runtime.coalescer.stats().openEvents).toBe(2);
      });
      // 2 + 9 > 10: the open batch is stored as it is, and the 9 events start the next one.
      const large = ingest.post(
        { events: Array.from({ length: 9 }, (_, i) => ({ id: `nf-big-${i.toString()}`, model: "m" })) },
        { key: database.keys.otherTenant },
      );
      expect((await small).statusCode).toBe(202);
      await vi.waitFor(() => {
        expect(ingest.runtime.coalescer.stats().openEvents).toBe(9);
      });
      await ingest.runtime.coalescer.flushAll();
      expect((await large).statusCode).toBe(202);
      const jobs = (await ingest.storedPayloads()).map((payload) => eventIds([payload]).length).sort();
      expect(jobs).toEqual([2, 9]);
    } finally {
      await ingest.close();
    }
  });

  it("on shutdown stores what it has accepted before closing", async () => {
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000 });
    const pending = ingest.post({ id: "sd-1", model: "m" });
    await vi.waitFor(() => {
      expect(ingest.runtime.coalescer.stats().waitingRequests).toBe(1);
    });
    await ingest.runtime.close();
    expect((await pending).statusCode).toBe(202);
    const jobs = await ingest.redis.keys(
      `${ingest.prefix}:usage-events:${usageJobId([{ tenantId: database.tenantId, events: [{ id: "sd-1" }] }])}`,
    );
    expect(jobs.length).toBe(1);
    await expect(ingest.runtime.coalescer.submit(database.tenantId, null, [])).rejects.toMatchObject({
      code: "unavailable",
    });
    await ingest.close();
  });
});
