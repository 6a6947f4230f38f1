import { randomBytes } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { billingPeriodStart } from "@tollgate/domain";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJobStarts } from "./support/queue-state.ts";
import { startStackWithClients, type StackWithClients } from "./support/stack-clients.ts";
import type { TestStack } from "./support/test-stack.ts";

/**
 * Issue 18: a worker process SIGKILLed in the middle of a 1,000-tenant period close. The tenants' usage is seeded
 * straight into ledger_entries (the trigger keeps ledger_period_totals) before the worker starts, so its first scan
 * fans out 1,000 close jobs; once some invoices exist the worker is killed, a new one recovers the jobs it held, and
 * every tenant ends with exactly one invoice, numbered 1..1000 for a fresh issuer with no gap and no repeat.
 */
const TENANTS = 1_000;
// A fresh issuer code: its number series starts at 1 in this run.
const ISSUER = `K${randomBytes(3).toString("hex").toUpperCase()}`;
const BILLING_CLOSE_QUEUE = "billing-closes";
// Two periods back: ended, and past the default 24 h grace, whatever day of the month the test runs on.
const CURRENT = billingPeriodStart(new Date());
const PERIOD = billingPeriodStart(new Date(billingPeriodStart(new Date(CURRENT.getTime() - 1)).getTime() - 1));

let clients: StackWithClients;
let stack: TestStack;
let db: Db;
let redis: Redis;

async function seedTenantsWithUsage(databaseUrl: string): Promise<void> {
  const seeding = createDbClient(databaseUrl, { maxConnections: 1 });
  try {
    await seeding.$executeRaw`
      INSERT INTO tenants (id, slug, name, created_at)
      SELECT gen_random_uuid(), 'kill-close-' || n, 'Kill close ' || n, ${PERIOD}
        FROM generate_series(1, ${TENANTS}) AS n`;
    // Three hours of usage each: 1.25 + 2.25 + 3.25 = 6.75.
    await seeding.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      SELECT t.id, 'usage_charge', 1.25 + h, 'USD', 'm1', 'output', 1000, ${PERIOD}::timestamptz + h * interval '1 hour',
             'kill-close-usage-' || h, 'usage'
        FROM tenants t, generate_series(0, 2) AS h`;
  } finally {
    await seeding.$disconnect();
  }
}

beforeAll(async () => {
  clients = await startStackWithClients({
    seed: seedTenantsWithUsage,
    env: { INVOICE_ISSUER_CODE: ISSUER },
    // Quick crash recovery: a killed worker's jobs go back to the queue about 3 s after their last lock renewal.
    // The scan runs as the worker starts; the interval only needs to outlast the test.
    workerEnv: {
      WORKER_LOCK_DURATION_MS: "3000",
      WORKER_STALLED_INTERVAL_MS: "1000",
      WORKER_BILLING_CLOSE_INTERVAL_MS: "3600000",
    },
  });
  ({ stack, db, redis } = clients);
});

afterAll(async () => {
  await clients.close();
});

async function countInvoices(): Promise<number> {
  return db.invoice.count();
}

async function countClosedTenants(): Promise<number> {
  return db.tenant.count({ where: { billedThrough: { not: null } } });
}

/** Close jobs waiting or running (the schedule's next scan always sits in `delayed`). */
async function pendingCloseJobs(): Promise<number> {
  const key = (state: string) => `${stack.queuePrefix}:${BILLING_CLOSE_QUEUE}:${state}`;
  const [wait, active] = await Promise.all([redis.llen(key("wait")), redis.llen(key("active"))]);
  return wait + active;
}

/** What a failed wait reports: how far the close got, the queue, and the worker's last output. */
async function closeProgress(): Promise<string> {
  const key = (state: string) => `${stack.queuePrefix}:${BILLING_CLOSE_QUEUE}:${state}`;
  const [wait, active, delayed, failed, completed] = await Promise.all([
    redis.llen(key("wait")),
    redis.llen(key("active")),
    redis.zcard(key("delayed")),
    redis.zcard(key("failed")),
    redis.zcard(key("completed")),
  ]);
  const queue = JSON.stringify({ wait, active, delayed, failed, completed });
  const output = stack.workers.map((worker) => `${worker.name}:\n${worker.output()}`).join("\n");
  return `${(await countClosedTenants()).toString()} tenants closed, ${(await countInvoices()).toString()} invoices, queue ${queue}\n${output}`;
}

async function pollUntil(condition: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs.toString()} ms waiting for ${what}: ${await closeProgress()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe("kill -9 during a 1,000-tenant billing close", () => {
  it("finalizes exactly one invoice per tenant, numbered 1..1000 without gaps or repeats", async () => {
    const started = Date.now();
    const [first] = stack.workers;
    if (!first) throw new Error("no worker");

    // Some invoices, not all: the worker is closing when it dies.
    let atKill = 0;
    await pollUntil(
      async () => {
        atKill = await countInvoices();
        return atKill >= 50;
      },
      "the first invoices",
      60_000,
    );
    await first.kill9();
    const killedAfterMs = Date.now() - started;
    stack.workers.splice(stack.workers.indexOf(first), 1);
    const committedAtKill = await countInvoices();
    expect(committedAtKill).toBeLessThan(TENANTS);

    await stack.startWorker();
    const restartedAfterMs = Date.now() - started;
    await pollUntil(
      async () => (await countClosedTenants()) === TENANTS && (await pendingCloseJobs()) === 0,
      "every tenant's close",
      120_000,
      100,
    );
    const closedAfterMs = Date.now() - started;

    const invoices = await db.invoice.findMany({
      select: { tenantId: true, number: true, status: true, total: true, periodStart: true, issuer: true },
    });
    expect(invoices).toHaveLength(TENANTS);
    expect(new Set(invoices.map((invoice) => invoice.tenantId)).size).toBe(TENANTS);
    expect(new Set(invoices.map((invoice) => invoice.status))).toEqual(new Set(["finalized"]));
    expect(new Set(invoices.map((invoice) => invoice.issuer))).toEqual(new Set([ISSUER]));
    expect(new Set(invoices.map((invoice) => invoice.periodStart.toISOString()))).toEqual(
      new Set([PERIOD.toISOString()]),
    );
    expect(new Set(invoices.map((invoice) => invoice.total.toFixed()))).toEqual(new Set(["6.75"]));
    const year = invoices[0]?.number?.split("-")[1] ?? "";
    const numbers = invoices.map((invoice) => invoice.number ?? "").sort();
    expect(numbers).toEqual(
      Array.from({ length: TENANTS }, (_, i) => `${ISSUER}-${year}-${(i + 1).toString().padStart(6, "0")}`),
    );
    const [counter] = await db.$queryRaw<{ last_number: number }[]>`
      SELECT last_number FROM document_number_counters WHERE issuer = ${ISSUER} AND series = 'invoice'`;
    expect(counter?.last_number).toBe(TENANTS);

    // The kill hit running closes: some jobs were started again by the new worker after their holder died.
    const rerun = (await readJobStarts(redis, stack.queuePrefix, BILLING_CLOSE_QUEUE)).filter((n) => n > 1).length;
    const [span] = await db.$queryRaw<{ ms: number }[]>`
      SELECT (extract(epoch FROM max(issued_at) - min(issued_at)) * 1000)::float8 AS ms FROM invoices`;
    console.info(
      `billing close kill -9: ${TENANTS.toString()} tenants; killed after ${killedAfterMs.toString()} ms with ` +
        `${committedAtKill.toString()} invoices; new worker ready after ${restartedAfterMs.toString()} ms; all ` +
        `closed after ${closedAfterMs.toString()} ms; first to last ` +
        `invoice ${Math.round(span?.ms ?? 0).toString()} ms; ${rerun.toString()} close jobs re-run`,
    );
    expect(rerun).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
