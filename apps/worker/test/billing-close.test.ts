import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { billingPeriodStart } from "@tollgate/domain";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { BILLING_CLOSE_SCHEDULER_ID, billingCloseJobId, createRedis, createTypedQueue } from "@tollgate/queues";
import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBillingCloseWorker, type BillingCloseWorker } from "../src/jobs/billing-close-worker.ts";
import { createWorkerMetrics } from "../src/worker-metrics.ts";

/**
 * The scheduled close over real Redis and Postgres: two worker processes' consumers share the queue; the first
 * scan (run as the schedule is registered) fans out one job per tenant, and every tenant with October usage gets
 * exactly one invoice, numbered without gaps; a second scan writes nothing.
 */
const REDIS_URL = "redis://127.0.0.1:6379";
const TENANTS = 150;
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "BC" };
const COVERED = ["close-1", "close-2", "close-3"];

let database: TestDatabase;
let db: Db;
const prefix = `{tg-close-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(REDIS_URL, "producer");
const connections = [createRedis(REDIS_URL, "worker"), createRedis(REDIS_URL, "worker")];
let workers: BillingCloseWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 10 });
  await db.$executeRaw`
    INSERT INTO tenants (id, slug, name, created_at)
    SELECT gen_random_uuid(), 'close-' || n, 'Close tenant ' || n, '2026-10-05T00:00:00Z'
      FROM generate_series(1, ${TENANTS}::int) AS n`;
  // A tenant created this month has no period due yet.
  await db.$executeRaw`INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'close-new', 'New tenant')`;
  await db.$executeRaw`
    INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
      idempotency_key, description)
    SELECT t.id, 'usage_charge', 1.25 + h, 'USD', 'm1', 'output', 1000, '2026-10-10T00:00:00Z'::timestamptz + h * interval '1 hour',
           'close-usage-' || h, 'usage'
      FROM tenants t, generate_series(0, 2) AS h WHERE t.slug <> 'close-new'`;
  // Three tenants' usage is all drawn from credit: their invoices have nothing due.
  await db.$executeRaw`
    INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, description)
    SELECT t.id, 'credit_usage', 6.75, 'USD', '2026-10-10T03:00:00Z', 'close-credit', 'credit'
      FROM tenants t WHERE t.slug = ANY(${COVERED}::text[])`;
  workers = connections.map((connection) =>
    startBillingCloseWorker({
      db,
      connection,
      prefix,
      issuer: ISSUER,
      intervalMs: 3_600_000,
      concurrency: 4,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      metrics: createWorkerMetrics(new Registry()),
      scanPageSize: 40,
    }),
  );
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  const queue = createTypedQueue("billingClose", producer, prefix);
  await queue.queue.removeJobScheduler(BILLING_CLOSE_SCHEDULER_ID);
  await queue.close();
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  for (const connection of connections) connection.disconnect();
  await db.$disconnect();
  await database.drop();
});

async function closedTenants(): Promise<number> {
  return db.tenant.count({ where: { billedThrough: { not: null } } });
}

async function queueIdle(queue: BillingCloseWorker["queue"]): Promise<boolean> {
  const counts = await queue.queue.getJobCounts("active", "waiting");
  return counts["active"] === 0 && counts["waiting"] === 0;
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("scheduled billing closes", () => {
  it("finalizes one invoice per tenant with gapless numbers, and a second scan adds nothing", async () => {
    await Promise.all(workers.map((worker) => worker.scheduled));
    await waitFor(async () => (await closedTenants()) === TENANTS, "every tenant's close");
    const queue = workers[0]!.queue;
    // Idle, not just empty: a tenant's job may still be closing its later (empty) periods.
    await waitFor(() => queueIdle(queue), "idle queue");

    const invoices = await db.invoice.findMany({
      select: { tenantId: true, number: true, total: true, status: true, issuedAt: true, paidAt: true },
    });
    expect(invoices).toHaveLength(TENANTS);
    expect(new Set(invoices.map((i) => i.tenantId)).size).toBe(TENANTS);
    const sequences = invoices.map((i) => Number(i.number?.split("-").at(-1))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: TENANTS }, (_, index) => index + 1));
    // 1.25 + 2.25 + 3.25: every invoice bills its three hours of usage; the covered tenants' are paid as issued.
    const covered = new Set(
      (await db.tenant.findMany({ where: { slug: { in: COVERED } }, select: { id: true } })).map((t) => t.id),
    );
    const open = invoices.filter((i) => !covered.has(i.tenantId));
    expect(new Set(open.map((i) => `${i.total.toFixed()} ${i.status} ${String(i.paidAt)}`))).toEqual(
      new Set(["6.75 finalized null"]),
    );
    const paid = invoices.filter((i) => covered.has(i.tenantId));
    expect(paid.map((i) => [i.total.toFixed(), i.status, i.paidAt?.getTime()])).toEqual(
      paid.map((i) => ["0", "paid", i.issuedAt?.getTime()]),
    );
    expect(paid).toHaveLength(COVERED.length);
    expect(await db.webhookEvent.count({ where: { type: "invoice.paid" } })).toBe(COVERED.length);
    // October and every period since that is past its grace are closed (empty ones without an invoice); the
    // tenant created now has nothing due.
    const current = billingPeriodStart(new Date());
    const graceOver = Date.now() >= current.getTime() + 24 * 3_600_000;
    const expected = graceOver ? current : billingPeriodStart(new Date(current.getTime() - 1));
    const billed = await db.tenant.findMany({ select: { slug: true, billedThrough: true } });
    for (const tenant of billed) {
      expect(tenant.billedThrough?.toISOString() ?? null).toBe(
        tenant.slug === "close-new" ? null : expected.toISOString(),
      );
    }

    await queue.add(`scan-again-${randomUUID()}`, { kind: "scan" });
    await waitFor(() => queueIdle(queue), "the second scan");
    expect(await db.invoice.count()).toBe(TENANTS);
    expect(await db.webhookEvent.count({ where: { type: "invoice.paid" } })).toBe(COVERED.length);
  });

  it("runs a tenant's close again on the next scan after its job failed for good", async () => {
    const [tenant] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO tenants (id, slug, name, created_at)
      VALUES (gen_random_uuid(), 'close-failing', 'Failing close', '2026-10-05T00:00:00Z') RETURNING id::text AS id`;
    const tenantId = tenant?.id ?? "";
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, description)
      VALUES (${tenantId}::uuid, 'adjustment', 4, 'USD', '2026-10-10T00:00:00Z', 'close-failing-usage', 'usage')`;
    // Something in the way of the close (a stray draft for the period) makes every attempt fail; one attempt here
    // stands for the queue's ten (a Postgres outage longer than their half hour of backoff).
    const october = new Date("2026-10-01T00:00:00Z");
    const blocker = await db.invoice.create({
      data: {
        tenantId,
        issuer: ISSUER.code,
        status: "draft",
        currency: "USD",
        periodStart: october,
        periodEnd: new Date("2026-11-01T00:00:00Z"),
        total: 0,
      },
    });
    const queue = workers[0]!.queue;
    const jobId = billingCloseJobId(tenantId, october);
    await queue.queue.add(queue.queue.name, { kind: "tenant", tenantId }, { jobId, attempts: 1 });
    await waitFor(async () => (await queue.queue.getJobState(jobId)) === "failed", "the close to fail");

    await db.invoice.delete({ where: { id: blocker.id } });
    await queue.add(`scan-after-failure-${randomUUID()}`, { kind: "scan" });
    await waitFor(
      async () => (await db.invoice.count({ where: { tenantId, status: "finalized" } })) === 1,
      "the failed close to run again",
    );
    expect(await db.invoice.count()).toBe(TENANTS + 1);
  }, 90_000);
});
