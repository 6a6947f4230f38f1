import { randomUUID } from "node:crypto";
import { BILLING_CLOSE_SCHEDULER_ID, billingCloseJobId, replayFailedJob } from "@tollgate/queues";
import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBillingCloseWorker, type BillingCloseWorker } from "../src/jobs/billing-close-worker.ts";
import { createWorkerMetrics } from "../src/worker-metrics.ts";
import {
  breakInserts,
  replayFailedAndWait,
  startReplayGround,
  waitForJobState,
  type ReplayGround,
} from "./support/failed-job-replay.ts";

/**
 * A tenant's billing close that failed for real (the invoice insert raised on every attempt), replayed through the
 * failed-jobs operation once the fault is gone, by the worker's own billing-close consumer: exactly one invoice,
 * its total the tenant's ledger for the period, and nothing more from a second replay or a later scan.
 */
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "RP" };
const OCTOBER = new Date("2026-10-01T00:00:00Z");

let ground: ReplayGround;
let closes: BillingCloseWorker;

async function idle(): Promise<boolean> {
  // Not "delayed": the scheduler always keeps its next scan there.
  const counts = await closes.queue.queue.getJobCounts("active", "waiting");
  return counts["active"] === 0 && counts["waiting"] === 0;
}

async function waitUntilIdle(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await idle())) {
    if (Date.now() > deadline) throw new Error("billing-close queue not idle");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  ground = await startReplayGround("close-replay");
  closes = startBillingCloseWorker({
    db: ground.db,
    connection: ground.connection,
    prefix: ground.prefix,
    issuer: ISSUER,
    intervalMs: 3_600_000,
    concurrency: 1,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    metrics: createWorkerMetrics(new Registry()),
  });
  // The schedule's first scan runs at once; no tenant exists yet, so it closes nothing.
  await closes.scheduled;
  await waitUntilIdle();
});

afterAll(async () => {
  await closes.queue.queue.removeJobScheduler(BILLING_CLOSE_SCHEDULER_ID);
  await closes.close();
  await ground.close();
});

describe("replaying a failed billing close with the real consumer", () => {
  it("closes exactly once: one invoice whose total is the ledger's", async () => {
    const { pool, db } = ground;
    const tenantId = randomUUID();
    await pool.query("INSERT INTO tenants (id, slug, name, created_at) VALUES ($1, 'replayed', 'Replayed', $2)", [
      tenantId,
      "2026-10-05T00:00:00Z",
    ]);
    await pool.query(
      `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
         idempotency_key, description)
       SELECT $1, 'usage_charge', 1.37 * (h + 1), 'USD', 'm1', 'output', 1000,
              '2026-10-10T00:00:00Z'::timestamptz + h * interval '1 day', 'replay-usage-' || h, 'usage'
         FROM generate_series(0, 4) h`,
      [tenantId],
    );
    const repair = await breakInserts(pool, "invoices", "invoices: tablespace out of space");
    const jobId = billingCloseJobId(tenantId, OCTOBER);
    await closes.queue.queue.add(
      closes.queue.queue.name,
      { kind: "tenant", tenantId },
      { jobId, attempts: 2, backoff: { type: "fixed", delay: 0 } },
    );
    await waitForJobState(closes.queue.queue, jobId, "failed");
    expect(await db.invoice.count({ where: { tenantId } })).toBe(0);

    await repair();
    const listed = await replayFailedAndWait(closes.queue.queue, jobId);
    expect(listed).toMatchObject({ tenantIds: [tenantId], attemptsMade: 2 });
    expect(listed.failedReason).toMatch(/out of space/);

    const invoices = await db.invoice.findMany({ where: { tenantId }, select: { status: true, total: true } });
    expect(invoices.map((invoice) => invoice.status)).toEqual(["finalized"]);
    const ledger = await pool.query<{ total: string }>(
      `SELECT sum(amount)::text AS total FROM ledger_entries
        WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < '2026-11-01Z'`,
      [tenantId, OCTOBER],
    );
    // 1.37 × (1 + 2 + 3 + 4 + 5) = 20.55
    expect(invoices[0]?.total.toFixed()).toBe("20.55");
    expect(invoices[0]?.total.equals(ledger.rows[0]?.total ?? "")).toBe(true);

    // Completed: a second replay is refused, and a later scan finds nothing due.
    await expect(replayFailedJob(closes.queue.queue, jobId)).rejects.toThrow(/not failed/);
    await closes.queue.add(`scan-${randomUUID()}`, { kind: "scan" });
    await waitUntilIdle();
    expect(await db.invoice.count({ where: { tenantId } })).toBe(1);
  }, 90_000);
});
