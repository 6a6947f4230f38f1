import { createRedis, createTypedQueue, createTypedWorker, type QueueKey, type TypedQueue } from "@tollgate/queues";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Worker } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";
import { trpcMutation } from "./support/trpc-call.ts";

/**
 * Failed jobs of the catalog's other queues (issue 20): the same operations as usage's, at
 * `/v1/admin/queues/{queue}/failed`, each queue's failed set on its own. The consumers here stand in for the worker's
 * (apps/api may not depend on apps/worker): they fail during an "outage" and record every run, so a replay is seen
 * to run a job exactly once. The worker's own consumers are replayed in apps/worker/test/*-replay.test.ts.
 */
interface FailedList {
  queue: string;
  total: number;
  jobs: {
    id: string;
    tenant_ids: string[];
    event_count: number | null;
    failed_reason: string;
    attempts_made: number;
  }[];
}

const failedPath = (queue: string) => `/v1/admin/queues/${queue}/failed`;
let testApp: ApiTestApp;
let keys: TenantKeys;
let workerConnection: ReturnType<typeof createRedis>;
let billingCloses: TypedQueue<"billingClose">;
let webhookDeliveries: TypedQueue<"webhookDelivery">;
const workers: Worker[] = [];
let outage = true;
const processed: string[] = [];

const list = (queue: string) => call<FailedList>(testApp.app, "GET", failedPath(queue), OPERATOR_KEY);
const state = async (queue: TypedQueue<QueueKey>, jobId: string) => (await queue.queue.getJob(jobId))?.getState();

/** Adds a job that fails all its (few) attempts while the outage lasts. */
async function addFailing<K extends "billingClose" | "webhookDelivery">(
  queue: TypedQueue<K>,
  jobId: string,
  payload: Parameters<TypedQueue<K>["add"]>[1],
): Promise<void> {
  outage = true;
  await queue.add(jobId, payload, { attempts: 2, backoff: { type: "fixed", delay: 0 } });
  await expect.poll(() => state(queue as TypedQueue<QueueKey>, jobId), { timeout: 15_000 }).toBe("failed");
}

const delivery = (tenantId: string) => ({ tenantId, eventId: randomUUID(), endpointId: randomUUID(), manual: false });

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  workerConnection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
  billingCloses = createTypedQueue("billingClose", workerConnection, testApp.prefix);
  webhookDeliveries = createTypedQueue("webhookDelivery", workerConnection, testApp.prefix);
  const consume = (key: "billingClose" | "webhookDelivery") =>
    createTypedWorker(key, workerConnection, testApp.prefix, async (_payload, job) => {
      if (outage) throw new Error("connect ECONNREFUSED 127.0.0.1:5432 (Postgres is away)");
      processed.push(`${key}:${job.id ?? "?"}`);
      return Promise.resolve();
    });
  workers.push(consume("billingClose"), consume("webhookDelivery"));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all([billingCloses.close(), webhookDeliveries.close()]);
  workerConnection.disconnect();
  await testApp.close();
});

describe("failed jobs of every catalog queue (admin)", () => {
  it("lists a billing close that failed all its attempts, apart from usage's, and replays it to run once", async () => {
    await addFailing(billingCloses, "close-b", { kind: "tenant", tenantId: keys.tenantB });

    const listed = await list("billingClose");
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ queue: "billingClose", total: 1 });
    expect(listed.body.jobs).toEqual([
      expect.objectContaining({
        id: "close-b",
        tenant_ids: [keys.tenantB],
        event_count: null,
        failed_reason: expect.stringMatching(/Postgres is away/),
        attempts_made: 2,
      }),
    ]);
    expect((await list("usage")).body.total).toBe(0);

    outage = false;
    const replayed = await call(testApp.app, "POST", `${failedPath("billingClose")}/close-b/retry`, OPERATOR_KEY);
    expect(replayed.status).toBe(202);
    await expect.poll(() => state(billingCloses, "close-b"), { timeout: 15_000 }).toBe("completed");
    expect(processed.filter((entry) => entry === "billingClose:close-b")).toEqual(["billingClose:close-b"]);
    expect((await list("billingClose")).body.total).toBe(0);
    // Completed now: a second replay is refused, never a second run.
    const again = await call(testApp.app, "POST", `${failedPath("billingClose")}/close-b/retry`, OPERATOR_KEY);
    expect(again.status).toBe(409);
  });

  it("discards a failed webhook delivery for good; it never runs", async () => {
    await addFailing(webhookDeliveries, "webhook-gone", delivery(keys.tenantA));
    expect((await list("webhookDelivery")).body.jobs.map((job) => job.tenant_ids)).toEqual([[keys.tenantA]]);
    outage = false;
    const discarded = await call(testApp.app, "DELETE", `${failedPath("webhookDelivery")}/webhook-gone`, OPERATOR_KEY);
    expect(discarded.status).toBe(204);
    expect(await webhookDeliveries.queue.getJob("webhook-gone")).toBeUndefined();
    expect((await list("webhookDelivery")).body.total).toBe(0);
    expect(processed).not.toContain("webhookDelivery:webhook-gone");
    const missing = await call(testApp.app, "DELETE", `${failedPath("webhookDelivery")}/webhook-gone`, OPERATOR_KEY);
    expect(missing.status).toBe(404);
  });

  it("replays and discards all of one queue's failed jobs, leaving the other queues' alone", async () => {
    for (const id of ["hook-1", "hook-2"]) await addFailing(webhookDeliveries, id, delivery(keys.tenantA));
    await addFailing(billingCloses, "close-kept", { kind: "scan" });
    outage = false;
    const replayed = await call(testApp.app, "POST", `${failedPath("webhookDelivery")}/retry`, OPERATOR_KEY);
    expect(replayed.body).toEqual({ replayed: 2, remaining: 0 });
    for (const id of ["hook-1", "hook-2"]) {
      await expect.poll(() => state(webhookDeliveries, id), { timeout: 15_000 }).toBe("completed");
    }
    expect(processed.filter((entry) => entry.startsWith("webhookDelivery:hook-")).sort()).toEqual([
      "webhookDelivery:hook-1",
      "webhookDelivery:hook-2",
    ]);
    expect((await list("billingClose")).body.jobs.map((job) => job.id)).toEqual(["close-kept"]);

    const discarded = await call(testApp.app, "DELETE", failedPath("billingClose"), OPERATOR_KEY);
    expect(discarded.body).toEqual({ discarded: 1, remaining: 0 });
    expect(processed).not.toContain("billingClose:close-kept");
  });

  it.each([
    ["GET", ""],
    ["DELETE", ""],
    ["POST", "/retry"],
    ["POST", "/some-job/retry"],
    ["DELETE", "/some-job"],
  ] as const)("%s on a queue not in the catalog answers 400, naming the queues", async (method, rest) => {
    // A BullMQ name is not a catalog key either.
    for (const queue of ["nope", "usage-events", "__proto__"]) {
      const response = await call(testApp.app, method, `${failedPath(queue)}${rest}`, OPERATOR_KEY);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(response.body.error.message).toMatch(/queue.*billingClose/);
    }
  });

  it("refuses an unknown queue over tRPC with a 400, and every queue's jobs to tenant users", async () => {
    const tenantAdmin = { email: "admin@queues.example", password: "password-1" };
    await createUser(testApp.db, { ...tenantAdmin, name: "T", role: "tenant_admin", tenantId: keys.tenantA });
    const login = await trpcMutation(testApp.app, "auth.login", tenantAdmin);
    expect(login.status).toBe(200);
    const asTenant = { cookie: login.cookie };
    const refused = await trpcMutation(testApp.app, "failedJobs.replayAll", { queue: "billingClose" }, asTenant);
    expect(refused.status).toBe(403);

    await createUser(testApp.db, {
      email: "ops@queues.example",
      password: "password-1",
      name: "O",
      role: "operator",
      tenantId: null,
    });
    const operator = await trpcMutation(testApp.app, "auth.login", {
      email: "ops@queues.example",
      password: "password-1",
    });
    const asOperator = { cookie: operator.cookie };
    const unknown = await trpcMutation(testApp.app, "failedJobs.replayAll", { queue: "nope" }, asOperator);
    expect(unknown.status).toBe(400);
    const known = await trpcMutation(testApp.app, "failedJobs.replayAll", { queue: "reconciliation" }, asOperator);
    expect(known.status).toBe(200);
  });
});
