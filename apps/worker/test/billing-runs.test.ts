import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  BILLING_CLOSE_SCHEDULER_ID,
  BILLING_RUN_JOB_OPTIONS,
  createRedis,
  createTypedQueue,
  enqueueTenantCloses,
  type TypedQueue,
} from "@tollgate/queues";
import {
  getBillingRun,
  listBillingRuns,
  retryFailedBillingRun,
  startBillingRun,
  type BillingCloses,
} from "@tollgate/use-cases/billing-runs";
import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBillingCloseWorker, type BillingCloseWorker } from "../src/jobs/billing-close-worker.ts";
import { createWorkerMetrics } from "../src/worker-metrics.ts";

/**
 * Operator billing runs over real Redis and Postgres: two starts at once make one run and one close per tenant; a
 * tenant whose close fails is listed with its error once its attempts are used up, and a retry closes it.
 */
const REDIS_URL = "redis://127.0.0.1:6379";
const TENANTS = 12;
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "BR" };
const OPERATOR = { kind: "operator_key", keyId: null, prefix: "tg_op_test" } as const;
const OCTOBER = new Date("2026-10-01T00:00:00Z");

let database: TestDatabase;
let db: Db;
const prefix = `{tg-runs-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(REDIS_URL, "producer");
const connection = createRedis(REDIS_URL, "worker");
let queue: TypedQueue<"billingClose">;
let worker: BillingCloseWorker | undefined;
let failingTenant = "";
let blockerId = "";

// Bound as apps/api binds it (rest/billing-closes.ts): the run's quick attempts on the real queue.
const closes: BillingCloses = {
  enqueue: (due, options) => enqueueTenantCloses(queue, due, { ...options, jobOptions: BILLING_RUN_JOB_OPTIONS }),
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 8 });
  queue = createTypedQueue("billingClose", producer, prefix);
  await db.$executeRaw`
    INSERT INTO tenants (id, slug, name, created_at)
    SELECT gen_random_uuid(), 'run-' || n, 'Run tenant ' || lpad(n::text, 2, '0'), '2026-10-05T00:00:00Z'
      FROM generate_series(1, ${TENANTS}::int) AS n`;
  await db.$executeRaw`
    INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
      idempotency_key, description)
    SELECT t.id, 'usage_charge', 2.5, 'USD', 'm1', 'output', 1000, '2026-10-10T00:00:00Z', 'run-usage', 'usage'
      FROM tenants t`;
  const [failing] = await db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM tenants WHERE slug = 'run-7'`;
  failingTenant = failing?.id ?? "";
  // A stray draft for the period stands in the close's way, so every attempt of this tenant fails.
  const blocker = await db.invoice.create({
    data: {
      tenantId: failingTenant,
      issuer: ISSUER.code,
      status: "draft",
      currency: "USD",
      periodStart: OCTOBER,
      periodEnd: new Date("2026-11-01T00:00:00Z"),
      total: 0,
    },
  });
  blockerId = blocker.id;
});

afterAll(async () => {
  await worker?.close();
  await queue.queue.removeJobScheduler(BILLING_CLOSE_SCHEDULER_ID);
  await queue.close();
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  connection.disconnect();
  await db.$disconnect();
  await database.drop();
});

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runStatus(runId: string): Promise<string> {
  return (await getBillingRun(db, OPERATOR, runId, { limit: 1, offset: 0 })).run.status;
}

describe("billing runs", () => {
  it("starting twice at once makes one run, and every tenant is closed once", async () => {
    const [first, second] = await Promise.all([
      startBillingRun(db, { principal: OPERATOR }, closes),
      startBillingRun(db, { principal: OPERATOR }, closes),
    ]);
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    expect(first?.run.id).toBe(second?.run.id);
    const runId = first?.run.id ?? "";
    expect(first?.run.tenantsTotal).toBe(TENANTS);
    expect(await queue.queue.getJobCounts("waiting")).toEqual({ waiting: TENANTS });

    // The worker starts after the runs, so its schedule's first scan finds every tenant due already in this run.
    worker = startBillingCloseWorker({
      db,
      connection,
      prefix,
      issuer: ISSUER,
      intervalMs: 3_600_000,
      concurrency: 4,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      metrics: createWorkerMetrics(new Registry()),
    });
    await waitFor(async () => (await runStatus(runId)) !== "running", "the run to finish");

    const detail = await getBillingRun(db, OPERATOR, runId, { limit: 50, offset: 0 });
    expect(detail.run).toMatchObject({ status: "failed", tenantsTotal: TENANTS, closed: TENANTS - 1, failed: 1 });
    expect(detail.run.finishedAt).not.toBeNull();
    const failed = detail.tenants[0];
    expect(failed).toMatchObject({
      tenantId: failingTenant,
      status: "failed",
      attempts: BILLING_RUN_JOB_OPTIONS.attempts,
    });
    expect(failed?.error).toMatch(/\S/);
    expect(detail.tenants.slice(1).every((row) => row.status === "closed" && row.invoices === 1)).toBe(true);
    const invoices = await db.invoice.groupBy({ by: ["tenantId"], where: { status: "finalized" }, _count: true });
    expect(invoices).toHaveLength(TENANTS - 1);
    expect(invoices.every((row) => row._count === 1)).toBe(true);
    expect(invoices.some((row) => row.tenantId === failingTenant)).toBe(false);
    // Only the operator's run: the schedule's scan found nothing new to claim.
    expect((await listBillingRuns(db, OPERATOR, { limit: 10, offset: 0 })).total).toBe(1);
  }, 90_000);

  it("retries the failed tenant: it closes and the run succeeds; a third start finds nothing due", async () => {
    const runId = (await listBillingRuns(db, OPERATOR, { limit: 1, offset: 0 })).runs[0]?.id ?? "";
    await db.invoice.delete({ where: { id: blockerId } });
    const retried = await retryFailedBillingRun(db, OPERATOR, runId, closes);
    expect(retried.retried).toBe(1);
    expect(retried.run).toMatchObject({ status: "running", failed: 0, closed: TENANTS - 1 });
    await waitFor(async () => (await runStatus(runId)) !== "running", "the retried run to finish");

    const detail = await getBillingRun(db, OPERATOR, runId, { limit: 50, offset: 0 });
    expect(detail.run).toMatchObject({ status: "succeeded", closed: TENANTS, failed: 0 });
    expect(detail.tenants.find((row) => row.tenantId === failingTenant)).toMatchObject({
      status: "closed",
      error: null,
    });
    expect(await db.invoice.count({ where: { tenantId: failingTenant, status: "finalized" } })).toBe(1);
    expect(await db.invoice.count({ where: { status: "finalized" } })).toBe(TENANTS);
    // A retry with nothing failed changes nothing; a new start has nothing due.
    expect((await retryFailedBillingRun(db, OPERATOR, runId, closes)).retried).toBe(0);
    await expect(startBillingRun(db, { principal: OPERATOR }, closes)).rejects.toMatchObject({ code: "conflict" });
    // Operators only.
    const viewer = {
      kind: "user",
      userId: randomUUID(),
      email: "v@example.test",
      role: "tenant_viewer",
      tenantId: failingTenant,
    } as const;
    await expect(startBillingRun(db, { principal: viewer }, closes)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listBillingRuns(db, viewer, { limit: 1, offset: 0 })).rejects.toMatchObject({ code: "forbidden" });
  }, 90_000);
});
