import { usageBatchJobId, type UsageBatchPayload } from "@tollgate/queues";
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

function eventIds(payloads: UsageBatchPayload[]): string[] {
  return payloads.flatMap((payload) => payload.events.map((event) => event.id));
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
      expect(payloads[0]?.apiKeyId).toBe(database.keys.ingestKeyId);
      const [job] = await ingest.runtime.usageQueue.queue.getJobs(["waiting"]);
      expect(job?.id).toBe(usageBatchJobId(database.tenantId, stored));
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
      for (const payload of payloads) {
        expect(payload.events.length).toBeLessThanOrEqual(10);
        // A request's three events are always in one job.
        const requestsInJob = new Set(payload.events.map((event) => event.id.split("-")[1]));
        expect(payload.events.length).toBe(requestsInJob.size * 3);
      }
    } finally {
      await ingest.close();
    }
  });

  it("coalesces per API key: two keys never share a job", async () => {
    const ingest = await startTestIngest(database, { coalesceMaxDelayMs: 60_000 });
    try {
      const responses = [
        ingest.post({ id: "pk-1", model: "m" }),
        ingest.post({ id: "pk-2", model: "m" }, { key: database.keys.otherTenant }),
        ingest.post({ id: "pk-3", model: "m" }),
      ];
      await vi.waitFor(() => {
        expect(ingest.runtime.coalescer.stats().waitingRequests).toBe(3);
      });
      await ingest.runtime.coalescer.flushAll();
      expect((await Promise.all(responses)).map((response) => response.statusCode)).toEqual([202, 202, 202]);
      const byTenant = (await ingest.storedPayloads())
        .map((payload) => [payload.tenantId, payload.events.map((event) => event.id).sort()] as const)
        .sort(([a], [b]) => a.localeCompare(b));
      expect(byTenant).toEqual(
        [
          [database.tenantId, ["pk-1", "pk-3"]],
          [database.otherTenantId, ["pk-2"]],
        ].sort(([a], [b]) => String(a).localeCompare(String(b))),
      );
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
      `${ingest.prefix}:usage-events:${usageBatchJobId(database.tenantId, ["sd-1"])}`,
    );
    expect(jobs.length).toBe(1);
    await expect(ingest.runtime.coalescer.submit(database.tenantId, null, [])).rejects.toMatchObject({
      code: "unavailable",
    });
    await ingest.close();
  });
});
