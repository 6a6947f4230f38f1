/**
 * `npm run bench:close`: issue 18's two invoicing numbers on this machine, against a throw-away database.
 * 1. The upcoming invoice of a tenant with a month of heavy usage (`--heavy-events`, default 10 M events, as the
 *    ledger lines the worker writes for them): p50 / p95 / max of `getUpcomingInvoice` over `--samples` reads.
 * 2. Closing a period for `--tenants` tenants (default 10,000) with usage through the real billing-close worker
 *    (BullMQ scan + one job per tenant, `--concurrency` closes at once in one process): wall time from the scan to
 *    the last tenant's commit, and the invoices and numbers it made.
 * A script, not a test: numbers go to docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { billingPeriodEnd, billingPeriodStart } from "@tollgate/domain";
import { createDbClient } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { BILLING_CLOSE_SCHEDULER_ID, createRedis } from "@tollgate/queues";
import { DEFAULT_INVOICE_ISSUER, getUpcomingInvoice } from "@tollgate/use-cases/invoices";
import { startBillingCloseWorker } from "@tollgate/worker/billing-close";
import { createWorkerMetrics } from "@tollgate/worker/metrics";
import { Registry } from "prom-client";
import { seedHeavyTenant, seedTenantsWithUsage } from "./close/seed-ledger.ts";
import { rate } from "./pipeline/report.ts";

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "10000" },
    "heavy-events": { type: "string", default: "10000000" },
    /** Events behind each ledger line (one model, token type and hour of one job). */
    "events-per-line": { type: "string", default: "25" },
    samples: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
  },
  strict: true,
});
const tenants = Number(values.tenants);
const heavyEvents = Number(values["heavy-events"]);
const eventsPerLine = Number(values["events-per-line"]);
const samples = Number(values.samples);
const concurrency = Number(values.concurrency);
for (const [name, value] of Object.entries({ tenants, heavyEvents, eventsPerLine, samples, concurrency })) {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
}

const now = new Date();
// The bench's tenants keep the default anchor day (1): calendar months.
const ANCHOR_DAY = 1;
const current = billingPeriodStart(now, ANCHOR_DAY);
const lastPeriod = billingPeriodStart(new Date(current.getTime() - 1), ANCHOR_DAY);
const database = await createTestDatabase();
const db = createDbClient(database.url, { maxConnections: concurrency + 2 });
const redis = createRedis("redis://127.0.0.1:6379", "worker");
const prefix = `{tg-bench-close-${randomUUID().slice(0, 8)}}`;
try {
  console.log(`machine: ${cpus().length.toString()} × ${cpus()[0]?.model ?? "?"}, ${now.toISOString()}`);

  let started = performance.now();
  const heavy = await seedHeavyTenant(db, lastPeriod, current, heavyEvents, eventsPerLine);
  const totalsRows = await db.ledgerPeriodTotal.count({ where: { tenantId: heavy.tenantId } });
  console.log(
    `heavy tenant: ${rate(heavyEvents)} events as ${rate(heavy.ledgerRows)} ledger lines -> ${totalsRows.toString()} ` +
      `period-total rows (seeded in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const times: number[] = [];
  for (let index = 0; index < samples + 20; index += 1) {
    const begin = performance.now();
    const upcoming = await getUpcomingInvoice(db, heavy.tenantId, DEFAULT_INVOICE_ISSUER, { periodStart: lastPeriod });
    if (index >= 20) times.push(performance.now() - begin);
    if (index === 0)
      console.log(
        `  its invoice: ${upcoming.invoices[0]?.lines.length.toString() ?? "0"} lines, total ${upcoming.invoices[0]?.total ?? "0"}`,
      );
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0).toFixed(1);
  console.log(
    `upcoming invoice read (${samples.toString()} after 20 warm-up): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`,
  );

  started = performance.now();
  await seedTenantsWithUsage(db, tenants, lastPeriod);
  console.log(`${rate(tenants)} tenants with usage seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The heavy tenant is closed with the others.
  const expected = tenants + 1;
  started = performance.now();
  const closer = startBillingCloseWorker({
    db,
    connection: redis,
    prefix,
    issuer: { ...DEFAULT_INVOICE_ISSUER, code: "BENCH" },
    intervalMs: 3_600_000,
    concurrency,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    metrics: createWorkerMetrics(new Registry()),
  });
  for (;;) {
    const closed = await db.tenant.count({
      where: { billedThrough: { gte: billingPeriodEnd(lastPeriod, ANCHOR_DAY) } },
    });
    if (closed >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const invoices = await db.invoice.count({ where: { issuer: "BENCH" } });
  const counter = await db.documentNumberCounter.findFirst({ where: { issuer: "BENCH", series: "invoice" } });
  console.log(
    `close of ${rate(expected)} tenants: ${seconds.toFixed(1)} s (${rate(expected / seconds)} tenants/s, ` +
      `concurrency ${concurrency.toString()}); ${rate(invoices)} invoices, last number ${counter?.lastNumber.toString() ?? "none"}`,
  );
  await closer.queue.queue.removeJobScheduler(BILLING_CLOSE_SCHEDULER_ID);
  await closer.close();
} finally {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await db.$disconnect();
  await database.drop();
}
