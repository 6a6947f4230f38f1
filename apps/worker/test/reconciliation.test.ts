import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, toDecimalString } from "@tollgate/domain";
import { createRedis, createTypedQueue, RECONCILIATION_SCHEDULER_ID } from "@tollgate/queues";
import { listReconciliationRuns, type ReconciliationRunView } from "@tollgate/use-cases/reconciliation";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  reconcileAndReport,
  startReconciliationWorker,
  type ReconciliationLog,
} from "../src/jobs/reconciliation-worker.ts";
import { createWorkerMetrics, type WorkerMetrics } from "../src/worker-metrics.ts";
import { buildReconciliationFixture, MODEL, NOW } from "./support/reconciliation-fixture.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Issue 18's reconciliation over real Postgres and Redis: a ledger built by the real usage worker and closed into
 * invoices reconciles with no finding; then one row at a time is corrupted on purpose (an event's amount, a ledger
 * entry, a period total, an invoice line) and each run must name the tenant, period, expected and actual amounts,
 * and set the drift gauge; each corruption is undone before the next.
 */
const REDIS_URL = "redis://127.0.0.1:6379";
const OCT = "2026-10-01T00:00:00.000Z";
const NOV = "2026-11-01T00:00:00.000Z";

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  db = createDbClient(database.url, { maxConnections: 4 });
  harness = startUsageWorkerHarness(pool);
  ({ tenantA, tenantB } = await buildReconciliationFixture(pool, db, harness));
}, 60_000);

afterAll(async () => {
  await harness.close();
  await pool.end();
  await db.$disconnect();
  await database.drop();
});

interface Probe {
  metrics: WorkerMetrics;
  registry: Registry;
  errors: object[];
  log: ReconciliationLog;
}

function probe(): Probe {
  const registry = new Registry();
  const errors: object[] = [];
  return {
    registry,
    metrics: createWorkerMetrics(registry),
    errors,
    log: { info: () => undefined, error: (details) => errors.push(details) },
  };
}

async function metricValues(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [Object.values(v.labels).join(",") || "value", v.value]));
}

/** One run through the worker's reporting path; returns the stored run (with its findings) and the drift gauge. */
async function reconcile(options: { eventTenantsPerRun?: number } = {}) {
  const p = probe();
  const result = await reconcileAndReport(db, p.metrics, p.log, { now: NOW, ...options });
  const runs = await listReconciliationRuns(db, { limit: 1, findingsPerRun: 100 });
  const run = runs[0] as ReconciliationRunView;
  expect(run.id).toBe(result.id);
  return { result, run, gauge: await metricValues(p.registry, "tollgate_reconciliation_drift_findings"), probe: p };
}

async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  return pool.query(text, values);
}

const exact = (value: string) => toDecimalString(money(value));

async function eventsSum(tenantId: string, from: string, to: string): Promise<string> {
  const { rows } = await sql(
    `SELECT sum(amount)::text AS s FROM usage_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
    [tenantId, from, to],
  );
  return exact((rows[0] as { s: string }).s);
}

describe("billing reconciliation", () => {
  it("finds nothing in a ledger built by the worker and closed into invoices", async () => {
    const { run, gauge, result, probe: p } = await reconcile();
    expect(run).toMatchObject({
      status: "clean",
      tenantsChecked: 2,
      // 2 tenants × (Oct, Nov, Dec).
      eventPeriodsChecked: 6,
      // A: October and November; B: November.
      invoicesChecked: 3,
      findingsCount: 0,
      findings: [],
      periodsFrom: OCT,
    });
    expect(result.status).toBe("clean");
    expect(gauge).toEqual({ ledger_vs_events: 0, ledger_vs_period_totals: 0, invoice_vs_ledger: 0 });
    expect(await metricValues(p.registry, "tollgate_reconciliation_runs_total")).toEqual({ clean: 1 });
    expect(p.errors).toEqual([]);
    // The fixture's late November event is billed on December: the checks follow origin and billed periods apart.
    const late = await sql(
      `SELECT count(*)::int AS n FROM ledger_period_totals
        WHERE tenant_id = $1 AND origin_period_start = $2 AND billed_period_start = '2026-12-01Z'`,
      [tenantA, NOV],
    );
    expect((late.rows[0] as { n: number }).n).toBeGreaterThan(0);
  });

  it("finds an event whose amount was changed by one unit of the 30th decimal", async () => {
    const before = await eventsSum(tenantA, OCT, NOV);
    await sql(`UPDATE usage_events SET amount = amount + 1e-30 WHERE tenant_id = $1 AND event_id = 'a-oct-2'`, [
      tenantA,
    ]);
    try {
      const { run, gauge, probe: p } = await reconcile();
      expect(run.status).toBe("drift");
      expect(run.findings).toEqual([
        {
          check: "ledger_vs_events",
          tenantId: tenantA,
          periodStart: OCT,
          currency: "USD",
          expected: exact(money(before).plus("1e-30").toFixed()),
          actual: before,
          difference: "-0.000000000000000000000000000001",
          detail: expect.stringContaining("usage_events") as string,
        },
      ]);
      expect(gauge).toEqual({ ledger_vs_events: 1, ledger_vs_period_totals: 0, invoice_vs_ledger: 0 });
      expect(await metricValues(p.registry, "tollgate_reconciliation_runs_total")).toEqual({ drift: 1 });
      expect(p.errors).toHaveLength(1);
    } finally {
      await sql(`UPDATE usage_events SET amount = amount - 1e-30 WHERE tenant_id = $1 AND event_id = 'a-oct-2'`, [
        tenantA,
      ]);
    }
  });

  it("finds a ledger entry changed: against the events and against the period totals", async () => {
    const entry = await sql(
      `SELECT id FROM ledger_entries WHERE tenant_id = $1 AND kind = 'usage_charge' AND occurred_at >= $2
        ORDER BY id LIMIT 1`,
      [tenantA, NOV],
    );
    const id = (entry.rows[0] as { id: string }).id;
    const events = await eventsSum(tenantA, NOV, "2026-12-01Z");
    const ledger = await sql(
      `SELECT sum(amount)::text AS s FROM ledger_entries WHERE tenant_id = $1 AND kind = 'usage_charge'
          AND occurred_at >= $2 AND occurred_at < '2026-12-01Z'`,
      [tenantA, NOV],
    );
    const ledgerSum = exact((ledger.rows[0] as { s: string }).s);
    // The worker's ledger equals its events exactly; the late event is part of both.
    expect(ledgerSum).toBe(events);
    await sql(`UPDATE ledger_entries SET amount = amount + 0.5 WHERE id = $1`, [id]);
    try {
      const { run, gauge } = await reconcile();
      const plus = exact(money(events).plus("0.5").toFixed());
      expect(run.findings.map((f) => [f.check, f.tenantId, f.periodStart, f.expected, f.actual, f.difference])).toEqual(
        [
          ["ledger_vs_events", tenantA, NOV, events, plus, "0.5"],
          ["ledger_vs_period_totals", tenantA, NOV, plus, events, "-0.5"],
        ],
      );
      expect(run.findings[1]?.detail).toContain("usage_charge");
      expect(gauge).toEqual({ ledger_vs_events: 1, ledger_vs_period_totals: 1, invoice_vs_ledger: 0 });
    } finally {
      await sql(`UPDATE ledger_entries SET amount = amount - 0.5 WHERE id = $1`, [id]);
    }
  });

  it("finds a period total changed: against the ledger and against the invoice that billed it", async () => {
    const row = await sql(
      `SELECT token_type, plan_version_id, description FROM ledger_period_totals
        WHERE tenant_id = $1 AND billed_period_start = $2 AND origin_period_start = $2 AND kind = 'usage_charge'
        LIMIT 1`,
      [tenantA, NOV],
    );
    const key = row.rows[0] as { token_type: string; plan_version_id: string; description: string };
    // The row by its primary key (its ctid changes with the update).
    const shift = (delta: string) =>
      sql(
        `UPDATE ledger_period_totals SET amount = amount + $7::numeric
          WHERE tenant_id = $1 AND billed_period_start = $2 AND origin_period_start = $2 AND kind = 'usage_charge'
            AND currency = 'USD' AND model_id = $3 AND token_type = $4 AND plan_version_id = $5 AND description = $6`,
        [tenantA, NOV, MODEL, key.token_type, key.plan_version_id, key.description, delta],
      );
    const invoice = await db.invoice.findFirstOrThrow({
      where: { tenantId: tenantA, periodStart: new Date(NOV) },
      include: { lines: true },
    });
    const linesExact = exact(
      invoice.lines.reduce((sum, line) => sum.plus(line.exactAmount.toFixed()), money("0")).toFixed(),
    );
    const ledgerSum = exact(
      (
        (
          await sql(
            `SELECT sum(amount)::text AS s FROM ledger_entries WHERE tenant_id = $1 AND kind = 'usage_charge'
                AND occurred_at >= $2 AND occurred_at < '2026-12-01Z'`,
            [tenantA, NOV],
          )
        ).rows[0] as { s: string }
      ).s,
    );
    await shift("0.01");
    try {
      const { run, gauge } = await reconcile();
      expect(run.findings.map((f) => [f.check, f.tenantId, f.periodStart, f.expected, f.actual, f.difference])).toEqual(
        [
          ["invoice_vs_ledger", tenantA, NOV, exact(money(linesExact).plus("0.01").toFixed()), linesExact, "-0.01"],
          ["ledger_vs_period_totals", tenantA, NOV, ledgerSum, exact(money(ledgerSum).plus("0.01").toFixed()), "0.01"],
        ],
      );
      expect(run.findings[0]?.detail).toContain(invoice.number ?? "no number");
      expect(gauge).toEqual({ ledger_vs_events: 0, ledger_vs_period_totals: 1, invoice_vs_ledger: 1 });
    } finally {
      await shift("-0.01");
    }
  });

  it("finds an invoice line changed (with the immutability trigger off for that one statement)", async () => {
    const invoice = await db.invoice.findFirstOrThrow({
      where: { tenantId: tenantA, periodStart: new Date(OCT) },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    expect(invoice.status).toBe("finalized");
    const linesExact = exact(
      invoice.lines.reduce((sum, line) => sum.plus(line.exactAmount.toFixed()), money("0")).toFixed(),
    );
    const beforeTax = exact(money(invoice.subtotal.toFixed()).plus(invoice.creditsApplied.toFixed()).toFixed());
    const lineId = invoice.lines[0]?.id;
    // Finalized lines are immutable (invoice_lines_immutable refuses any change): the corruption a bug or a
    // hand edit with the trigger off would cause is simulated by switching it off inside one transaction.
    const corrupt = async (delta: string) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("ALTER TABLE invoice_lines DISABLE TRIGGER invoice_lines_immutable");
        await client.query(
          "UPDATE invoice_lines SET exact_amount = exact_amount + $2, amount = amount + $2 WHERE id = $1",
          [lineId, delta],
        );
        await client.query("ALTER TABLE invoice_lines ENABLE TRIGGER invoice_lines_immutable");
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    };
    await expect(sql("UPDATE invoice_lines SET amount = amount + 1 WHERE id = $1", [lineId])).rejects.toThrow(
      /immutable/,
    );
    await corrupt("0.01");
    try {
      const { run, gauge } = await reconcile();
      expect(run.findings.map((f) => [f.check, f.tenantId, f.periodStart, f.expected, f.actual, f.difference])).toEqual(
        [
          ["invoice_vs_ledger", tenantA, OCT, linesExact, exact(money(linesExact).plus("0.01").toFixed()), "0.01"],
          ["invoice_vs_ledger", tenantA, OCT, beforeTax, exact(money(beforeTax).plus("0.01").toFixed()), "0.01"],
        ],
      );
      expect(run.findings.map((f) => f.detail)).toEqual([
        `invoice ${invoice.number ?? ""}: Σ lines.exact_amount vs ledger period totals billed`,
        `invoice ${invoice.number ?? ""}: Σ lines.amount vs subtotal + credits_applied`,
      ]);
      expect(gauge).toEqual({ ledger_vs_events: 0, ledger_vs_period_totals: 0, invoice_vs_ledger: 2 });
    } finally {
      await corrupt("-0.01");
    }
    expect((await reconcile()).run.findingsCount).toBe(0);
  });

  it("finds totals added to a closed period that no invoice bills", async () => {
    // B's November is closed (USD invoice); an EUR adjustment appears in its totals without a ledger entry.
    const add = `INSERT INTO ledger_period_totals (tenant_id, billed_period_start, origin_period_start, kind, currency,
                   model_id, token_type, plan_version_id, description, amount, entry_count)
                 VALUES ($1, $2, $2, 'adjustment', 'EUR', '', '', '', 'bogus', 7.5, 1)`;
    await sql(add, [tenantB, NOV]);
    try {
      const { run, gauge } = await reconcile();
      expect(
        run.findings.map((f) => [f.check, f.tenantId, f.periodStart, f.currency, f.expected, f.actual, f.detail]),
      ).toEqual([
        ["invoice_vs_ledger", tenantB, NOV, "EUR", "7.5", "0", "closed period with billable totals but no invoice"],
        ["ledger_vs_period_totals", tenantB, NOV, "EUR", "0", "7.5", expect.stringContaining("adjustment")],
      ]);
      expect(gauge).toEqual({ ledger_vs_events: 0, ledger_vs_period_totals: 1, invoice_vs_ledger: 1 });
    } finally {
      await sql(`DELETE FROM ledger_period_totals WHERE tenant_id = $1 AND currency = 'EUR'`, [tenantB]);
    }
  });

  it("runs through the queue at once when scheduled, and sets its metrics", async () => {
    await sql(`UPDATE usage_events SET amount = amount + 0.001 WHERE tenant_id = $1 AND event_id = 'b-nov-1'`, [
      tenantB,
    ]);
    const prefix = `{tg-recon-test-${randomUUID().slice(0, 8)}}`;
    const connection = createRedis(REDIS_URL, "worker");
    const p = probe();
    const before = await db.reconciliationRun.count();
    const worker = startReconciliationWorker({
      db,
      connection,
      prefix,
      intervalMs: 3_600_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      metrics: p.metrics,
      log: p.log,
      reconciliation: { now: NOW },
    });
    try {
      await worker.scheduled;
      const deadline = Date.now() + 30_000;
      while ((await db.reconciliationRun.count({ where: { finishedAt: { not: null } } })) <= before) {
        if (Date.now() > deadline) throw new Error("no reconciliation run within 30 s");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [run] = await listReconciliationRuns(db, { limit: 1, findingsPerRun: 10 });
      expect(run?.findings.map((f) => [f.check, f.tenantId, f.periodStart, f.difference])).toEqual([
        ["ledger_vs_events", tenantB, NOV, "-0.001"],
      ]);
      expect(await metricValues(p.registry, "tollgate_reconciliation_drift_findings")).toEqual({
        ledger_vs_events: 1,
        ledger_vs_period_totals: 0,
        invoice_vs_ledger: 0,
      });
      expect(await metricValues(p.registry, "tollgate_reconciliation_runs_total")).toEqual({ drift: 1 });
      const [last] = Object.values(
        await metricValues(p.registry, "tollgate_reconciliation_last_run_timestamp_seconds"),
      );
      expect(last).toBeGreaterThan(Date.now() / 1000 - 60);
    } finally {
      await worker.close();
      const queue = createTypedQueue("reconciliation", connection, prefix);
      await queue.queue.removeJobScheduler(RECONCILIATION_SCHEDULER_ID);
      await queue.close();
      const keys = await connection.keys(`${prefix}*`);
      if (keys.length > 0) await connection.del(...keys);
      connection.disconnect();
      await sql(`UPDATE usage_events SET amount = amount - 0.001 WHERE tenant_id = $1 AND event_id = 'b-nov-1'`, [
        tenantB,
      ]);
    }
  });

  it("records a run cut short a day ago as failed when the next one starts", async () => {
    const stale = await db.reconciliationRun.create({
      data: { periodsFrom: new Date(OCT), startedAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    const recent = await db.reconciliationRun.create({ data: { periodsFrom: new Date(OCT) } });
    await reconcile();
    const rows = await db.reconciliationRun.findMany({
      where: { id: { in: [stale.id, recent.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [stale.id]: "failed",
      [recent.id]: "running",
    });
    await db.reconciliationRun.delete({ where: { id: recent.id } });
  });

  it("bounds the event check per run and continues after the last tenant on the next run", async () => {
    await sql(`UPDATE usage_events SET amount = amount + 1 WHERE tenant_id = $1 AND event_id = 'b-nov-1'`, [tenantB]);
    try {
      // One tenant's events per run: A (lower id) first, then B, then the cursor wraps back to A.
      const first = await reconcile({ eventTenantsPerRun: 1 });
      const second = await reconcile({ eventTenantsPerRun: 1 });
      expect([first.run.eventPeriodsChecked, first.run.findingsCount]).toEqual([3, 0]);
      expect([second.run.eventPeriodsChecked, second.run.findings.map((f) => f.tenantId)]).toEqual([3, [tenantB]]);
      const stored = await db.reconciliationRun.findMany({
        where: { id: { in: [first.run.id, second.run.id] } },
        orderBy: { startedAt: "asc" },
        select: { eventsResumeAfter: true },
      });
      expect(stored.map((r) => r.eventsResumeAfter)).toEqual([tenantA, tenantB]);
    } finally {
      await sql(`UPDATE usage_events SET amount = amount - 1 WHERE tenant_id = $1 AND event_id = 'b-nov-1'`, [tenantB]);
    }
  });
});
