import { createRedis, createTypedQueue, createTypedWorker, type UsageJobPayload } from "@tollgate/queues";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface FailedJob {
  id: string;
  tenant_ids: string[];
  event_count: number | null;
  failed_reason: string;
  attempts_made: number;
  created_at: string;
  processed_at: string | null;
  failed_at: string | null;
}
interface FailedList {
  total: number;
  limit: number;
  offset: number;
  jobs: FailedJob[];
}

const FAILED = "/v1/admin/queues/usage/failed";
let testApp: ApiTestApp;
let keys: TenantKeys;
let workerConnection: ReturnType<typeof createRedis>;
let worker: Worker;
/** While true the consumer fails every job, as the real worker does while Postgres is away. */
let outage = false;
const processed: string[] = [];

/** A job over one group per [tenant, event ids] pair (a job may span tenants). */
const payload = (groups: [tenantId: string, eventIds: string[]][]): UsageJobPayload => ({
  receivedAt: new Date().toISOString(),
  batches: groups.map(([tenantId, eventIds]) => ({
    tenantId,
    apiKeyId: null,
    events: eventIds.map((id) => ({
      id,
      timestamp: new Date().toISOString(),
      model: "openai/gpt-5",
      tokens: { input: 1, cached_input: 0, cache_write: 0, output: 2, reasoning: 0 },
      status: "ok" as const,
    })),
  })),
});

const state = async (jobId: string) => (await testApp.usageQueue.queue.getJob(jobId))?.getState();
const job = async (jobId: string) => testApp.usageQueue.queue.getJob(jobId);
const list = (query = "", key = OPERATOR_KEY) => call<FailedList>(testApp.app, "GET", `${FAILED}${query}`, key);

/** Adds a valid batch that fails all (few) attempts during an outage. */
async function addFailingJob(
  jobId: string,
  groups: [tenantId: string, eventIds: string[]][],
  attempts: number,
): Promise<void> {
  outage = true;
  await testApp.usageQueue.add(jobId, payload(groups), {
    attempts,
    backoff: { type: "fixed", delay: 0 },
  });
  await expect.poll(() => state(jobId), { timeout: 15_000 }).toBe("failed");
}

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  workerConnection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
  worker = createTypedWorker("usage", workerConnection, testApp.prefix, async (data, current) => {
    if (outage) throw new Error("connect ECONNREFUSED 127.0.0.1:5432 (Postgres is away)");
    processed.push(
      `${current.id ?? "?"}:${data.batches.flatMap((group) => group.events.map((event) => event.id)).join("+")}`,
    );
    return Promise.resolve();
  });
});

afterAll(async () => {
  await worker.close();
  workerConnection.disconnect();
  await testApp.close();
});

describe("failed usage jobs (admin)", () => {
  it("lists jobs that failed all their attempts, newest failure first, summarized without payloads", async () => {
    // A payload that can never be valid fails once, without retries (the consumer's own validation).
    await testApp.usageQueue.queue.add(
      "usage-events",
      { tenantId: keys.tenantA, receivedAt: "yesterday", events: [{ id: "evt-x" }, { id: "evt-y" }, { id: "evt-z" }] },
      { jobId: "bad-payload" },
    );
    await expect.poll(() => state("bad-payload"), { timeout: 15_000 }).toBe("failed");
    // One job spanning two tenants: the summary names both and counts the events of both.
    await addFailingJob(
      "outage-1",
      [
        [keys.tenantB, ["evt-1"]],
        [keys.tenantA, ["evt-2"]],
      ],
      2,
    );

    const response = await list();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    const [outageJob, badJob] = response.body.jobs;
    expect(outageJob).toEqual({
      id: "outage-1",
      tenant_ids: [keys.tenantB, keys.tenantA],
      event_count: 2,
      failed_reason: expect.stringMatching(/Postgres is away/),
      attempts_made: 2,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      processed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      failed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(badJob).toMatchObject({
      id: "bad-payload",
      // An invalid job in the pre-upgrade single-tenant shape is still summarized.
      tenant_ids: [keys.tenantA],
      event_count: 3,
      failed_reason: expect.stringMatching(/^invalid usage-events payload/),
      attempts_made: 1,
    });
    expect(response.body.jobs.map((j) => j.failed_at! >= j.created_at)).toEqual([true, true]);
    // Payloads stay out of the list.
    expect(JSON.stringify(response.body)).not.toMatch(/evt-|openai\/gpt-5/);

    const second = await list("?limit=1&offset=1");
    expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(second.body.jobs.map((j) => j.id)).toEqual(["bad-payload"]);
  });

  it.each(["?limit=0", "?limit=101", "?offset=-1", "?limit=abc", "?page=2"])("refuses %s with a 400", async (query) => {
    const response = await call(testApp.app, "GET", `${FAILED}${query}`, OPERATOR_KEY);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("bad_request");
  });

  it("replays one job with a fresh attempt budget; it succeeds once the cause is gone", async () => {
    outage = false;
    const response = await call(testApp.app, "POST", `${FAILED}/outage-1/retry`, OPERATOR_KEY);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: "outage-1", state: "waiting" });
    await expect.poll(() => state("outage-1"), { timeout: 15_000 }).toBe("completed");
    expect(processed.filter((entry) => entry.startsWith("outage-1:"))).toEqual(["outage-1:evt-1+evt-2"]);
    // Attempts were reset: the successful run is the first of its new budget.
    expect((await job("outage-1"))?.attemptsMade).toBe(1);
    expect((await list()).body.jobs.map((j) => j.id)).toEqual(["bad-payload"]);

    const again = await call(testApp.app, "POST", `${FAILED}/outage-1/retry`, OPERATOR_KEY);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    const unknown = await call(testApp.app, "POST", `${FAILED}/no-such-job/retry`, OPERATOR_KEY);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
  });

  it("fails a replayed job that can never succeed again, once, and discards it", async () => {
    expect((await call(testApp.app, "POST", `${FAILED}/bad-payload/retry`, OPERATOR_KEY)).status).toBe(202);
    // The replay moved it to waiting at once; failed again means the consumer ran it again.
    await expect.poll(() => state("bad-payload"), { timeout: 15_000 }).toBe("failed");
    expect((await job("bad-payload"))?.attemptsMade).toBe(1);

    const discarded = await call(testApp.app, "DELETE", `${FAILED}/bad-payload`, OPERATOR_KEY);
    expect(discarded.status).toBe(204);
    expect(await job("bad-payload")).toBeUndefined();
    expect((await list()).body).toMatchObject({ total: 0, jobs: [] });
    expect((await call(testApp.app, "DELETE", `${FAILED}/bad-payload`, OPERATOR_KEY)).status).toBe(404);
    // Only failed jobs can be discarded here; a completed one is left alone.
    const completed = await call(testApp.app, "DELETE", `${FAILED}/outage-1`, OPERATOR_KEY);
    expect(completed.status).toBe(409);
    expect(await state("outage-1")).toBe("completed");
  });

  it("replays every failed job, at most `limit` per call", async () => {
    for (const id of ["bulk-1", "bulk-2", "bulk-3"]) await addFailingJob(id, [[keys.tenantA, [`evt-${id}`]]], 1);
    outage = false;
    const first = await call(testApp.app, "POST", `${FAILED}/retry?limit=2`, OPERATOR_KEY);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ replayed: 2, remaining: 1 });
    const rest = await call(testApp.app, "POST", `${FAILED}/retry`, keys.adminKey);
    expect(rest.body).toEqual({ replayed: 1, remaining: 0 });
    for (const id of ["bulk-1", "bulk-2", "bulk-3"]) {
      await expect.poll(() => state(id), { timeout: 15_000 }).toBe("completed");
    }
    expect(processed.filter((entry) => entry.startsWith("bulk-")).sort()).toEqual([
      "bulk-1:evt-bulk-1",
      "bulk-2:evt-bulk-2",
      "bulk-3:evt-bulk-3",
    ]);
    expect((await call(testApp.app, "POST", `${FAILED}/retry?limit=0`, OPERATOR_KEY)).status).toBe(400);
  });

  it("discards every failed job for good, at most `limit` per call; their events are never processed", async () => {
    for (const id of ["gone-1", "gone-2", "gone-3"]) await addFailingJob(id, [[keys.tenantA, [`evt-${id}`]]], 1);
    outage = false;
    const first = await call(testApp.app, "DELETE", `${FAILED}?limit=2`, OPERATOR_KEY);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ discarded: 2, remaining: 1 });
    // Oldest failures first: the newest is the one left.
    expect((await list()).body.jobs.map((j) => j.id)).toEqual(["gone-3"]);
    const rest = await call(testApp.app, "DELETE", FAILED, keys.adminKey);
    expect(rest.body).toEqual({ discarded: 1, remaining: 0 });
    for (const id of ["gone-1", "gone-2", "gone-3"]) expect(await job(id)).toBeUndefined();
    expect(processed.filter((entry) => entry.startsWith("gone-"))).toEqual([]);
    expect((await call(testApp.app, "DELETE", `${FAILED}?limit=1001`, OPERATOR_KEY)).status).toBe(400);
  });

  it.each([
    ["GET", FAILED],
    ["DELETE", FAILED],
    ["POST", `${FAILED}/retry`],
    ["POST", `${FAILED}/some-job/retry`],
    ["DELETE", `${FAILED}/some-job`],
  ] as const)("%s %s needs an admin key: 401 without one, 403 for tenant keys", async (method, url) => {
    expect((await call(testApp.app, method, url, null)).status).toBe(401);
    for (const key of [keys.keyA, keys.keyB, keys.ingestOnlyA]) {
      const response = await call(testApp.app, method, url, key);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
  });

  it("answers 503, not 500, while Redis is unreachable", async () => {
    // Nothing listens on port 1; the producer connection fails fast instead of queueing commands.
    const deadRedis = createRedis("redis://127.0.0.1:1", "producer", { retryStrategy: () => null });
    deadRedis.on("error", () => undefined);
    const deadQueue = createTypedQueue("usage", deadRedis, testApp.prefix);
    deadQueue.queue.on("error", () => undefined);
    const app = await buildTestServer(testApp.db, deadQueue, testApp.ratingSweepQueue, {
      loginLimiter: testApp.loginLimiter,
    });
    try {
      for (const [method, url] of [
        ["GET", FAILED],
        ["DELETE", FAILED],
        ["POST", `${FAILED}/retry`],
        ["POST", `${FAILED}/some-job/retry`],
        ["DELETE", `${FAILED}/some-job`],
      ] as const) {
        const response = await app.inject({ method, url, headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
        expect(response.statusCode).toBe(503);
        expect(response.headers["retry-after"]).toBe("5");
        expect(response.json()).toMatchObject({ error: { code: "unavailable" } });
      }
    } finally {
      await app.close();
      deadRedis.disconnect();
    }
  });
});
