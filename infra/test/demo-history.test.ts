import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alertTitle, INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND, money } from "@tollgate/domain";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { listBudgetsWithSpend } from "@tollgate/use-cases/budgets";
import { DEFAULT_INVOICE_ISSUER, getUpcomingInvoice } from "@tollgate/use-cases/invoices";
import { forecastSpend } from "@tollgate/use-cases/usage";
import { demoAdminEmail, seedDemoData } from "@tollgate/use-cases/seed";
import { createRedis } from "@tollgate/queues";
import { startWebhookWorker } from "@tollgate/worker/webhook-worker";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_DAYS, historyEventsOf, planHistoryDays, startOfUtcDay } from "../local/demo-history/history-days.ts";
import { DEMO_DRAFT } from "../local/demo-history/demo-simulation.ts";
import { DEMO_WEBHOOK } from "../local/demo-history/demo-webhooks.ts";
import { HISTORY_PROFILES } from "../local/demo-history/history-profiles.ts";
import { loadDemoHistory, type DemoHistorySummary } from "../local/demo-history/load-demo-history.ts";

// A fixed "now" (a Wednesday), so the data and the closed periods are the same on every run.
const NOW = new Date("2026-11-18T15:30:00Z");
const DAY_MS = 86_400_000;
const FIRST_DAY = new Date(startOfUtcDay(NOW).getTime() - (HISTORY_DAYS - 1) * DAY_MS);
const LAST_PERIOD = new Date("2026-10-01T00:00:00Z");
const CURRENT_PERIOD = new Date("2026-11-01T00:00:00Z");
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "DEMO" };
const EVENTS = 8000;

let database: TestDatabase;
let db: Db;
let pool: pg.Pool;
let keysDir: string;
let first: DemoHistorySummary;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const result = await pool.query<{ n: string }>(sql, params);
  return Number(result.rows[0]?.n ?? 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  pool = new pg.Pool({ connectionString: database.url, max: 3 });
  keysDir = mkdtempSync(join(tmpdir(), "tollgate-demo-history-"));
  await seedDemoData(db, { keysFile: join(keysDir, "demo-keys.json") });
  first = await loadDemoHistory({ db, pool, issuer: ISSUER, now: NOW, events: EVENTS });
}, 120_000);

afterAll(async () => {
  await pool.end();
  await db.$disconnect();
  await database.drop();
  rmSync(keysDir, { recursive: true, force: true });
});

describe("demo history generator", () => {
  it("draws the same events for the same day, and a day's first tasks whatever its task count", () => {
    const profile = HISTORY_PROFILES[0]!;
    const day = new Date("2026-10-07T00:00:00Z");
    const ten = historyEventsOf(profile, day, 10, NOW);
    expect(historyEventsOf(profile, day, 10, NOW)).toEqual(ten);
    const twelve = historyEventsOf(profile, day, 12, NOW);
    expect(twelve.slice(0, ten.length)).toEqual(ten);
    expect(twelve.length).toBeGreaterThan(ten.length);
  });

  it("plans 90 UTC days ending today, never an event after now", () => {
    const days = planHistoryDays(HISTORY_PROFILES, EVENTS, NOW);
    expect(days).toHaveLength(HISTORY_DAYS);
    expect(days[0]?.start).toEqual(FIRST_DAY);
    expect(days.at(-1)?.start).toEqual(startOfUtcDay(NOW));
    const today = historyEventsOf(HISTORY_PROFILES[0]!, startOfUtcDay(NOW), 200, NOW);
    expect(today.length).toBeGreaterThan(0);
    expect(today.every(({ event }) => new Date(event.timestamp) <= NOW)).toBe(true);
  });
});

describe("demo history loaded through the worker's recording path", () => {
  it("stores every generated event once, rated or (the unpriced model) unrated", async () => {
    expect(first.inserted).toBe(first.generated);
    expect(first.generated).toBeGreaterThan(EVENTS * 0.8);
    expect(first.generated).toBeLessThan(EVENTS * 1.2);
    expect(await count("SELECT count(*) AS n FROM usage_events")).toBe(first.generated);
    expect(first.unrated).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM usage_events WHERE rating_status = 'unrated'")).toBe(first.unrated);
    // The worker wrote the ledger and rollups for them.
    expect(await count("SELECT count(*) AS n FROM ledger_entries WHERE kind = 'usage_charge'")).toBeGreaterThan(0);
    const rolledUp = await count("SELECT sum(event_count) AS n FROM usage_rollups_hourly");
    expect(rolledUp).toBe(first.generated);
  });

  it("covers 90 days: events on the first day and today, none after now", async () => {
    const range = await pool.query<{ first: Date; last: Date }>(
      "SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM usage_events",
    );
    const { first: earliest, last } = range.rows[0]!;
    expect(startOfUtcDay(earliest)).toEqual(FIRST_DAY);
    expect(startOfUtcDay(last)).toEqual(startOfUtcDay(NOW));
    expect(last.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it("grows week over week, is busier on weekdays, and has a busy and a quiet tenant", async () => {
    const week = 7 * DAY_MS;
    const inWindow = "SELECT count(*) AS n FROM usage_events WHERE occurred_at >= $1 AND occurred_at < $2";
    const firstWeek = await count(inWindow, [FIRST_DAY, new Date(FIRST_DAY.getTime() + week)]);
    const lastWeek = await count(inWindow, [new Date(NOW.getTime() - week), NOW]);
    expect(lastWeek).toBeGreaterThan(firstWeek * 1.3);

    const byDay = await pool.query<{ weekend: boolean; per_day: string }>(
      `SELECT extract(isodow FROM occurred_at) >= 6 AS weekend,
              count(*)::numeric / count(DISTINCT occurred_at::date) AS per_day
         FROM usage_events GROUP BY 1`,
    );
    const perDay = new Map(byDay.rows.map((row) => [row.weekend, Number(row.per_day)]));
    expect(perDay.get(false)!).toBeGreaterThan(1.5 * perDay.get(true)!);

    const byTenant = await pool.query<{ slug: string; n: string }>(
      "SELECT t.slug, count(*) AS n FROM usage_events e JOIN tenants t ON t.id = e.tenant_id GROUP BY 1",
    );
    const events = new Map(byTenant.rows.map((row) => [row.slug, Number(row.n)]));
    expect(events.get("acme-agents")!).toBeGreaterThan(2 * events.get("globex-ai")!);
    expect(events.get("globex-ai")!).toBeGreaterThan(2 * events.get("initech-labs")!);
    expect(events.get("initech-labs")!).toBeGreaterThan(0);
  });

  it("has several named keys, models, agents, customers and multi-call tasks; cached input dominates", async () => {
    const acme = await pool.query<{ keys: string; models: string; agents: string; customers: string }>(
      `SELECT count(DISTINCT k.name) AS keys, count(DISTINCT e.model_id) AS models, count(DISTINCT e.agent) AS agents,
              count(DISTINCT e.customer) AS customers
         FROM usage_events e JOIN tenants t ON t.id = e.tenant_id JOIN api_keys k ON k.id = e.api_key_id
        WHERE t.slug = 'acme-agents'`,
    );
    const row = acme.rows[0]!;
    expect(Number(row.keys)).toBeGreaterThanOrEqual(4);
    expect(Number(row.models)).toBeGreaterThanOrEqual(6);
    expect(Number(row.agents)).toBeGreaterThanOrEqual(4);
    expect(Number(row.customers)).toBeGreaterThanOrEqual(5);
    const tasks = await pool.query<{ tasks: string; multi: string }>(
      `SELECT count(*) AS tasks, count(*) FILTER (WHERE calls >= 5) AS multi
         FROM (SELECT task_id, count(*) AS calls FROM usage_events GROUP BY tenant_id, task_id) AS t`,
    );
    expect(Number(tasks.rows[0]!.tasks)).toBeGreaterThan(100);
    expect(Number(tasks.rows[0]!.multi)).toBe(Number(tasks.rows[0]!.tasks));
    const tokens = await pool.query<{ cached: string; rest: string }>(
      `SELECT sum(cached_input_tokens) AS cached,
              sum(input_tokens + cache_write_tokens + output_tokens + reasoning_tokens) AS rest FROM usage_events`,
    );
    expect(BigInt(tokens.rows[0]!.cached)).toBeGreaterThan(5n * BigInt(tokens.rows[0]!.rest));
  });

  it("finalizes last month's numbered invoice per tenant, its total the period's ledger; this month is upcoming", async () => {
    const tenants = await db.tenant.findMany({ where: { slug: { in: HISTORY_PROFILES.map((p) => p.slug) } } });
    expect(tenants).toHaveLength(3);
    for (const tenant of tenants) {
      const invoice = await db.invoice.findFirst({ where: { tenantId: tenant.id, periodStart: LAST_PERIOD } });
      expect(invoice?.number).toMatch(/^DEMO-2026-\d{6}$/);
      // Nothing to pay (credit covered it all): paid when finalized, as Stripe does; otherwise open for the demo.
      expect(invoice?.status, tenant.slug).toBe(invoice?.total.isZero() ? "paid" : "finalized");
      // What the invoice bills: the period's charges less the credit used (tax 0), rounded half-even to cents.
      const ledger = await pool.query<{ charges: string; credits: string }>(
        `SELECT coalesce(sum(amount) FILTER (WHERE kind::text = ANY($4)), 0)::text AS charges,
                coalesce(sum(amount) FILTER (WHERE kind::text = $5), 0)::text AS credits
           FROM ledger_entries WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
        [tenant.id, LAST_PERIOD, CURRENT_PERIOD, INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND],
      );
      const charges = money(ledger.rows[0]!.charges);
      const credits = money(ledger.rows[0]!.credits);
      expect(charges.greaterThan(0)).toBe(true);
      const total = money(invoice!.total.toFixed());
      expect(total.equals(charges.minus(credits).toDecimalPlaces(2, 6)), tenant.slug).toBe(true);
      // Credit never covers more than the period's usage.
      expect(total.isNegative(), tenant.slug).toBe(false);
      expect(money(invoice!.subtotal.toFixed()).minus(charges).abs().lessThanOrEqualTo("0.01")).toBe(true);

      const upcoming = await getUpcomingInvoice(db, tenant.id, ISSUER, { now: NOW });
      expect(upcoming.periodStart).toBe(CURRENT_PERIOD.toISOString());
      expect(money(upcoming.invoices[0]!.subtotal).greaterThan(0)).toBe(true);
    }
    // One older invoice per tenant with something to pay is paid; the last one stays open for the demo.
    expect(first.invoicesPaid.length).toBeGreaterThanOrEqual(2);
    const zeroDue = await db.invoice.count({ where: { total: 0 } });
    expect(await db.invoice.count({ where: { status: "paid" } })).toBe(first.invoicesPaid.length + zeroDue);
    expect(await db.invoice.count({ where: { status: "paid", periodStart: LAST_PERIOD, total: { not: 0 } } })).toBe(0);
  });

  it("issues each invoice when its period fell due, and dates the tenant and its keys as the history has them", async () => {
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    const invoices = await db.invoice.findMany({ where: { tenantId: acme.id }, orderBy: { periodStart: "asc" } });
    expect(invoices.length).toBeGreaterThanOrEqual(2);
    for (const invoice of invoices) {
      // The period's end plus the tenant's grace (24 h): October's invoice is issued on November 2.
      expect(invoice.issuedAt).toEqual(new Date(invoice.periodEnd.getTime() + acme.invoiceGraceHours * 3_600_000));
      expect(invoice.dueAt).toEqual(new Date(invoice.issuedAt!.getTime() + acme.paymentTermsDays * DAY_MS));
      // Paid by the demo days after it was issued, or at once when there was nothing to pay.
      if (invoice.paidAt)
        expect(
          invoice.paidAt < NOW &&
            (invoice.total.isZero()
              ? invoice.paidAt.getTime() === invoice.issuedAt!.getTime()
              : invoice.paidAt > invoice.issuedAt!),
        ).toBe(true);
    }
    expect(acme.createdAt <= FIRST_DAY).toBe(true);
    const keys = await pool.query<{ created_at: Date; last_used_at: Date | null; last_event: Date }>(
      `SELECT k.created_at, k.last_used_at, max(e.occurred_at) AS last_event
         FROM api_keys k JOIN usage_events e ON e.api_key_id = k.id WHERE k.tenant_id = $1 GROUP BY k.id`,
      [acme.id],
    );
    expect(keys.rows.length).toBeGreaterThanOrEqual(4);
    for (const key of keys.rows) {
      expect(key.created_at <= FIRST_DAY).toBe(true);
      expect(key.last_used_at).toEqual(key.last_event);
    }
  });

  it("closes each ended month through a billing run started when it fell due, as the schedule does", async () => {
    const runs = await db.billingRun.findMany({ orderBy: { at: "asc" }, include: { tenants: true } });
    const periods = await db.invoice.groupBy({ by: ["periodStart"], orderBy: { periodStart: "asc" } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs).toHaveLength(periods.length);
    for (const run of runs) {
      expect(run).toMatchObject({ status: "succeeded", startedBy: "system:demo-history", failed: 0 });
      expect(run.closed).toBe(run.tenantsTotal);
      // Found due at its period's end plus the grace (24 h), and listed at that time.
      expect(run.at.getUTCDate()).toBe(2);
      expect(run.createdAt).toEqual(run.at);
      expect(run.finishedAt).toEqual(run.at);
    }
    // Every invoice was closed by a run that holds its tenant's period.
    const invoices = await db.invoice.findMany({ select: { tenantId: true, periodStart: true } });
    const outcomes = new Set(
      runs.flatMap((run) => run.tenants.map((o) => `${o.tenantId}/${o.periodStart.toISOString()}`)),
    );
    for (const invoice of invoices) {
      expect(outcomes.has(`${invoice.tenantId}/${invoice.periodStart.toISOString()}`)).toBe(true);
    }
  });

  it("spends the demo budget and credit grants as the worker records the traffic", async () => {
    const [acme, globex, initech] = await Promise.all(
      ["acme-agents", "globex-ai", "initech-labs"].map((slug) => db.tenant.findUniqueOrThrow({ where: { slug } })),
    );
    // Acme outgrows its monthly budget: threshold alerts written by the worker.
    const alerts = await db.alert.findMany({ where: { tenantId: acme!.id, kind: "budget.threshold_crossed" } });
    expect(alerts.length).toBeGreaterThan(0);
    // Globex's welcome credit is used up in its first month, Initech's prepaid credit lasts.
    const globexGrant = await db.creditGrant.findFirstOrThrow({ where: { tenantId: globex!.id } });
    expect(globexGrant.remaining.isZero()).toBe(true);
    const initechGrant = await db.creditGrant.findFirstOrThrow({ where: { tenantId: initech!.id } });
    expect(initechGrant.remaining.greaterThan(0)).toBe(true);
    expect(initechGrant.remaining.lessThan(initechGrant.amount)).toBe(true);
    expect(initechGrant.grantedAt).toEqual(FIRST_DAY);
  });

  it("gives Acme an onboarding credit early in the history, partly used before it expired", async () => {
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    const grant = await db.creditGrant.findFirstOrThrow({ where: { tenantId: acme.id } });
    expect(grant.reason).toContain("onboarding");
    expect(grant.grantedAt).toEqual(FIRST_DAY);
    expect(grant.expiresAt).toEqual(new Date(FIRST_DAY.getTime() + 30 * DAY_MS));
    expect(grant.remaining.greaterThan(0)).toBe(true);
    expect(grant.remaining.lessThan(grant.amount)).toBe(true);
    // What was used is what the worker booked as credit use, all of it while the grant was valid.
    const used = await pool.query<{ used: string; last: Date }>(
      `SELECT coalesce(sum(amount), 0)::text AS used, max(occurred_at) AS last FROM ledger_entries
        WHERE tenant_id = $1 AND kind = 'credit_usage' AND credit_grant_id = $2`,
      [acme.id, grant.id],
    );
    expect(
      money(used.rows[0]!.used)
        .abs()
        .equals(money(grant.amount.minus(grant.remaining).toFixed())),
    ).toBe(true);
    expect(used.rows[0]!.last <= grant.expiresAt!).toBe(true);
  });

  it("simulates a draft of Enterprise with one price raised over last month, run to the end by the worker's job", async () => {
    const simulations = await db.planSimulation.findMany({ include: { planVersion: { include: { plan: true } } } });
    expect(simulations).toHaveLength(1);
    const simulation = simulations[0]!;
    expect(simulation).toMatchObject({
      status: "succeeded",
      scope: "plan",
      windowFrom: LAST_PERIOD,
      windowTo: CURRENT_PERIOD,
    });
    expect(simulation.planVersion).toMatchObject({ status: "draft", version: 2 });
    expect(simulation.planVersion.plan.code).toBe(DEMO_DRAFT.planCode);
    const results = await db.planSimulationResult.findMany({ where: { simulationId: simulation.id } });
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    expect(results.map((result) => result.tenantId)).toEqual([acme.id]);
    // The raised price makes last month dearer, by less than the raise on everything.
    const [result] = results;
    expect(result!.difference.greaterThan(0)).toBe(true);
    expect(result!.afterAmount.lessThan(result!.beforeAmount.times(DEMO_DRAFT.factor))).toBe(true);
    const draftRate = await db.planRate.findFirstOrThrow({
      where: {
        planVersionId: simulation.planVersionId,
        modelId: DEMO_DRAFT.modelId,
        tokenType: "output",
        condition: "",
      },
    });
    const publishedRate = await db.planRate.findFirstOrThrow({
      where: {
        planVersion: { planId: simulation.planVersion.planId, version: 1 },
        modelId: DEMO_DRAFT.modelId,
        tokenType: "output",
        condition: "",
      },
    });
    expect(draftRate.pricePerMillion.equals(publishedRate.pricePerMillion.times(DEMO_DRAFT.factor))).toBe(true);
  });

  it("gives Acme a webhook endpoint: the worker's relay and delivery log the history's invoice events as failed", async () => {
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: DEMO_WEBHOOK.slug } });
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { tenantId: acme.id } });
    expect(endpoint).toMatchObject({ url: DEMO_WEBHOOK.url, disabledAt: null, createdAt: FIRST_DAY });
    // Each invoice event is dated when its invoice was issued (finalized) or paid, not when the history was loaded.
    const invoiceEvents = await pool.query<{ id: string; created_at: Date; at: Date }>(
      `SELECT w.id, w.created_at, CASE w.type WHEN 'invoice.paid' THEN i.paid_at ELSE i.issued_at END AS at
         FROM webhook_events w
         JOIN invoices i ON w.dedupe_key IN ('invoice.finalized:' || i.id, 'invoice.paid:' || i.id)
        WHERE w.tenant_id = $1 AND w.type IN ('invoice.finalized', 'invoice.paid')`,
      [acme.id],
    );
    const acmeInvoices = await db.invoice.findMany({ where: { tenantId: acme.id } });
    const paid = acmeInvoices.filter((invoice) => invoice.paidAt !== null).length;
    // The one the demo pays, and any its credit covered whole (paid at finalization).
    expect(paid).toBe(1 + acmeInvoices.filter((invoice) => invoice.total.isZero()).length);
    expect(invoiceEvents.rows).toHaveLength(acmeInvoices.length + paid);
    for (const row of invoiceEvents.rows) expect(row.created_at).toEqual(row.at);

    // The worker's webhook side (relay + delivery consumer), as `npm start` runs it after the history, one attempt each.
    const prefix = `{tg-demo-history-${randomUUID().slice(0, 8)}}`;
    const connection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
    const webhooks = startWebhookWorker({
      pool,
      connection,
      prefix,
      policy: { allowPrivateNetworks: false },
      timeoutMs: 5000,
      disableAfterMs: 3 * DAY_MS,
      retry: { attempts: 1, backoffMs: 100 },
      relayIntervalMs: 50,
      concurrency: 4,
      lockDurationMs: 30_000,
      stalledIntervalMs: 15_000,
      maxStalledCount: 1,
      onError: (error) => {
        throw error;
      },
    });
    const subscribed = await count(
      "SELECT count(*) AS n FROM webhook_events WHERE tenant_id = $1 AND type = ANY($2::text[])",
      [acme.id, DEMO_WEBHOOK.events],
    );
    try {
      const attempted = "SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND attempts > 0";
      for (let waited = 0; waited < 60_000 && (await count(attempted, [endpoint.id])) < subscribed; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await webhooks.close();
      const keys = await connection.keys(`${prefix}*`);
      if (keys.length > 0) await connection.del(...keys);
      connection.disconnect();
    }
    const deliveries = await db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      include: { attemptsLog: true },
    });
    expect(deliveries).toHaveLength(subscribed);
    const types = new Set(deliveries.map((delivery) => delivery.eventType));
    expect(types).toEqual(new Set(DEMO_WEBHOOK.events));
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: null });
      expect(delivery.lastError, delivery.eventType).toBeTruthy();
      expect(delivery.attemptsLog).toHaveLength(1);
    }
  });

  it("dates each alert when the history crossed it (not when it was loaded), in the period its title names", async () => {
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    const budget = await db.budget.findFirstOrThrow({ where: { tenantId: acme.id, scope: "tenant" } });
    // The operator's monthly tenant budget (the tenant's own key and customer budgets count less of the usage).
    const alerts = await pool.query<{ created_at: Date; payload: Record<string, unknown> }>(
      `SELECT created_at, payload FROM alerts
        WHERE tenant_id = $1 AND kind = 'budget.threshold_crossed' AND payload->>'budget_id' = $2 ORDER BY id`,
      [acme.id, budget.id],
    );
    expect(alerts.rows.length).toBeGreaterThan(1);
    /** Acme's rated usage in [from, to]: what its monthly budget had counted by `to`. */
    const spent = async (from: Date, to: Date) => {
      const rows = await pool.query<{ spent: string }>(
        `SELECT coalesce(sum(amount), 0)::text AS spent FROM usage_events
          WHERE tenant_id = $1 AND rating_status = 'rated' AND currency = $2 AND occurred_at >= $3 AND occurred_at <= $4`,
        [acme.id, budget.currency, from, to],
      );
      return money(rows.rows[0]!.spent);
    };
    for (const { created_at: createdAt, payload } of alerts.rows) {
      const periodStart = new Date(String(payload.period_start));
      const periodEnd = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1));
      expect(createdAt >= periodStart && createdAt < periodEnd, createdAt.toISOString()).toBe(true);
      // Crossed on the day it is dated (the history is recorded a day of traffic per job), dated at that day's last
      // event, with what had been spent by then: as the worker would have written it live at the end of such a job.
      const threshold = money(budget.amount.toFixed()).times(Number(payload.threshold_percent)).div(100);
      expect((await spent(periodStart, new Date(startOfUtcDay(createdAt).getTime() - 1))).lessThan(threshold)).toBe(
        true,
      );
      const byThen = await spent(periodStart, createdAt);
      expect(byThen.greaterThanOrEqualTo(threshold)).toBe(true);
      expect(byThen.equals(money(String(payload.spent)))).toBe(true);
      // The title says which period: the budget's bar shows the current one, which an older alert is not about.
      expect(alertTitle("budget.threshold_crossed", payload)).toContain(
        `in the period from ${periodStart.toISOString().slice(0, 10)}`,
      );
    }
    // Every demo alert (Globex's credit running low and out too) is dated within the history, not all at once;
    // the webhook events made of them carry the same time.
    const dated = await pool.query<{ created_at: Date; event_at: Date | null }>(
      `SELECT a.created_at, w.created_at AS event_at FROM alerts a
         LEFT JOIN webhook_events w ON w.tenant_id = a.tenant_id AND w.dedupe_key = a.dedupe_key`,
    );
    expect(dated.rows.length).toBeGreaterThan(alerts.rows.length);
    expect(new Set(dated.rows.map((row) => row.created_at.getTime())).size).toBeGreaterThan(1);
    for (const row of dated.rows) {
      expect(row.created_at >= FIRST_DAY && row.created_at <= NOW, row.created_at.toISOString()).toBe(true);
      expect(row.event_at).toEqual(row.created_at);
    }
  });

  it("lets the demo tenants budget themselves; Acme's admin set a key and a customer budget, spent this month", async () => {
    for (const profile of HISTORY_PROFILES) {
      const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: profile.slug } });
      expect(tenant.tenantBudgetsAllowed, profile.slug).toBe(true);
    }
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    const { allowance, budgets } = await listBudgetsWithSpend(db, acme.id, NOW);
    expect(allowance).toMatchObject({ allowed: true, hardLimitsAllowed: true });
    const own = budgets.filter((budget) => budget.managedBy === "tenant");
    const production = await db.apiKey.findFirstOrThrow({ where: { tenantId: acme.id, name: "production" } });
    expect(own.map((budget) => [budget.scope, budget.scopeRef]).sort()).toEqual([
      ["api_key", production.id],
      ["customer", "northwind"],
    ]);
    for (const budget of own) {
      expect(money(budget.spent).greaterThan(0), budget.scope).toBe(true);
      // Within the operator's maximum.
      expect(money(budget.amount).lessThanOrEqualTo(money(allowance.maxAmount ?? "0"))).toBe(true);
      const crossed = await count(
        "SELECT count(*) AS n FROM alerts WHERE tenant_id = $1 AND kind = 'budget.threshold_crossed' AND payload->>'budget_id' = $2",
        [acme.id, budget.id],
      );
      expect(crossed, budget.scope).toBeGreaterThan(0);
    }
    const admin = await db.user.findUniqueOrThrow({ where: { email: demoAdminEmail("acme-agents") } });
    const audit = await db.auditLog.findMany({
      where: { tenantId: acme.id, action: "budget.create", targetId: { in: own.map((budget) => budget.id) } },
    });
    expect(audit.map((entry) => entry.actor)).toEqual([`user:${admin.id}`, `user:${admin.id}`]);
  });

  it("warns Acme its top-up runs out within its alert window: the forecast scan's alert, as the overview forecasts", async () => {
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: "acme-agents" } });
    expect(acme.lowCreditAlertDays).toBe(14);
    const topUp = await db.creditGrant.findFirstOrThrow({ where: { tenantId: acme.id, reason: "prepaid top-up" } });
    // Partly used: the worker spent it since it was granted, a week before the history's end.
    expect(topUp.remaining.greaterThan(0) && topUp.remaining.lessThan(topUp.amount)).toBe(true);
    const alerts = await db.alert.findMany({ where: { tenantId: acme.id, kind: "credit.depletion_forecast" } });
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    const payload = alert.payload as Record<string, unknown>;
    const forecast = await forecastSpend(db, acme.id, NOW);
    expect(forecast.creditDepletesAt).not.toBeNull();
    expect(payload).toMatchObject({
      currency: "USD",
      balance: forecast.creditBalance,
      depletes_at: forecast.creditDepletesAt?.toISOString(),
      alert_days: 14,
      newest_grant_id: topUp.id,
    });
    expect(money(forecast.creditBalance).equals(money(topUp.remaining.toFixed()))).toBe(true);
    const daysLeft = (forecast.creditDepletesAt!.getTime() - NOW.getTime()) / DAY_MS;
    expect(daysLeft > 0 && daysLeft <= 14, daysLeft.toString()).toBe(true);
    expect(alert.createdAt).toEqual(NOW);
    // Unpriced usage (the history's unpriced model) is in Acme's alerts too, dated the day its events were received
    // (every history job is received now), which its title names.
    const unpriced = await db.alert.findMany({ where: { tenantId: acme.id, kind: "usage.unrated" } });
    expect(unpriced.length).toBeGreaterThan(0);
    for (const row of unpriced) {
      expect(row.createdAt).toEqual(NOW);
      expect(alertTitle(row.kind, row.payload as Record<string, unknown>)).toContain("received 2026-11-18");
    }
  });

  it("adds nothing when run again", async () => {
    const tables = [
      "usage_events",
      "ledger_entries",
      "usage_rollups_hourly",
      "invoices",
      "api_keys",
      "budgets",
      "credit_grants",
      "alerts",
      "billing_runs",
      "plan_versions",
      "plan_simulations",
      "webhook_endpoints",
    ];
    const before = await Promise.all(tables.map((table) => count(`SELECT count(*) AS n FROM ${table}`)));
    const again = await loadDemoHistory({ db, pool, issuer: ISSUER, now: NOW, events: EVENTS });
    expect(again).toMatchObject({
      generated: first.generated,
      inserted: 0,
      alreadyStored: first.generated,
      keysCreated: 0,
      billingSetupCreated: 0,
      invoicesFinalized: [],
      invoicesPaid: [],
    });
    expect(await Promise.all(tables.map((table) => count(`SELECT count(*) AS n FROM ${table}`)))).toEqual(before);
  });
});
