import type { Db } from "@tollgate/db";
import { parseUsageJobPayload, type UsageGroup } from "@tollgate/queues";
import { createApiKey } from "@tollgate/use-cases/api-keys";
import { scanCreditDepletionForecasts } from "@tollgate/use-cases/credits";
import { markInvoicePaid, type InvoiceIssuer } from "@tollgate/use-cases/invoices";
import { CatalogCache } from "@tollgate/worker/catalog-cache";
import { recordUsageJob } from "@tollgate/worker/record-usage";
import type { Pool } from "pg";
import { closeHistoryPeriods } from "./close-history-periods.ts";
import { dateDemoRecords } from "./date-demo-records.ts";
import { demoOperator, ensureDemoBillingSetup } from "./demo-billing-setup.ts";
import { ensureDemoSimulation } from "./demo-simulation.ts";
import { ensureDemoWebhooks } from "./demo-webhooks.ts";
import { historyEventsOf, planHistoryDays, type HistoryEvent } from "./history-days.ts";
import { HISTORY_PROFILES, keyNamesOf, type HistoryProfile } from "./history-profiles.ts";

/** About this many events by default: enough for every page to show a shape, loaded in a few seconds. */
export const DEFAULT_HISTORY_EVENTS = 150_000;
/** Events per usage job: what ingest's coalescer makes under load (the worker takes up to 10,000). */
const JOB_EVENTS = 5_000;
/** How long after its issue the paid demo invoice was paid. */
const PAID_AFTER_MS = 9 * 86_400_000;

export interface LoadDemoHistoryOptions {
  /** Prisma client (the use cases: keys, closes, payment). */
  db: Db;
  /** pg pool (the worker's recording path). */
  pool: Pool;
  issuer: InvoiceIssuer;
  /** The history ends here (default: now). */
  now?: Date;
  /** About how many events in all (default DEFAULT_HISTORY_EVENTS). */
  events?: number;
}

export interface DemoHistorySummary {
  generated: number;
  inserted: number;
  /** Events an earlier run stored: skipped before recording, or dropped by the worker as duplicates. */
  alreadyStored: number;
  unrated: number;
  keysCreated: number;
  /** Budgets and credit grants created before recording (none on a re-run). */
  billingSetupCreated: number;
  /** Numbers of the invoices finalized by this run. */
  invoicesFinalized: string[];
  /** Numbers of the invoices this run marked paid. */
  invoicesPaid: string[];
  loadSeconds: number;
}

interface DemoTenantRef {
  profile: HistoryProfile;
  tenantId: string;
  keyIds: ReadonlyMap<string, string>;
  /** Ids of the tenant's events already in the window (a re-run skips them instead of re-sending them). */
  stored: ReadonlySet<string>;
}

/** A history event with the tenant it belongs to. */
interface TenantEvent extends HistoryEvent {
  tenant: DemoTenantRef;
}

/**
 * 90 days of demo agent traffic for the demo tenants (see history-profiles.ts), recorded through the worker's own
 * recording path (`recordUsageJob`, as each usage job is), so ledger, rollups, period counters, budgets and credits
 * are what the worker would have written. Then every ended billing period is closed with the real close, through a
 * billing run started at the time it fell due (numbered, finalized invoices; the current month stays upcoming), each
 * tenant's oldest invoice is marked paid, Acme gets a webhook endpoint (demo-webhooks.ts) and a draft of Enterprise is
 * simulated over last month. Budgets and credit grants (demo-billing-setup.ts) are set first, so the worker spends them,
 * and the credit forecast scan runs at the end, as the worker's schedule would.
 * Deterministic and idempotent: event ids derive from the day and task, so a second run stores nothing again and
 * finds the periods closed. The demo tenants must exist (`npm run seed -- --demo`).
 */
export async function loadDemoHistory(options: LoadDemoHistoryOptions): Promise<DemoHistorySummary> {
  const now = options.now ?? new Date();
  const summary: DemoHistorySummary = {
    generated: 0,
    inserted: 0,
    alreadyStored: 0,
    unrated: 0,
    keysCreated: 0,
    billingSetupCreated: 0,
    invoicesFinalized: [],
    invoicesPaid: [],
    loadSeconds: 0,
  };
  const volume = options.events ?? DEFAULT_HISTORY_EVENTS;
  const days = planHistoryDays(HISTORY_PROFILES, volume, now);
  const windowStart = days[0]?.start ?? now;
  const tenants: DemoTenantRef[] = [];
  for (const profile of HISTORY_PROFILES) {
    const tenant = await options.db.tenant.findUnique({ where: { slug: profile.slug } });
    if (!tenant) throw new Error(`demo tenant ${profile.slug} not found: run \`npm run seed -- --demo\` first`);
    const keyIds = new Map<string, string>();
    for (const name of keyNamesOf(profile)) {
      const existing = await options.db.apiKey.findFirst({ where: { tenantId: tenant.id, name, revokedAt: null } });
      if (existing) keyIds.set(name, existing.id);
      else {
        // The secret is dropped: these keys only name past traffic (demo:traffic sends with the "Demo key").
        const created = await createApiKey(options.db, { tenantId: tenant.id, name, scopes: ["ingest", "read"] });
        keyIds.set(name, created.apiKey.id);
        summary.keysCreated += 1;
      }
    }
    const stored = await options.pool.query<{ event_id: string }>(
      "SELECT event_id FROM usage_events WHERE tenant_id = $1 AND occurred_at >= $2",
      [tenant.id, windowStart],
    );
    tenants.push({ profile, tenantId: tenant.id, keyIds, stored: new Set(stored.rows.map((row) => row.event_id)) });
  }

  summary.billingSetupCreated = await ensureDemoBillingSetup(
    options.db,
    new Map(tenants.map((tenant) => [tenant.profile.slug, tenant.tenantId])),
    {
      scale: volume / DEFAULT_HISTORY_EVENTS,
      grantedAt: windowStart,
      now,
      keyIds: new Map(tenants.map((tenant) => [tenant.profile.slug, tenant.keyIds])),
    },
  );

  const started = performance.now();
  const deps = { catalog: new CatalogCache(60_000) };
  const tenantIds = tenants.map((tenant) => tenant.tenantId);
  let lastAlertId = await latestAlertId(options.pool);
  let pending: TenantEvent[] = [];
  /**
   * Records what is pending as jobs of at most JOB_EVENTS events, one after another: credit grants and budgets are
   * then spent in time order, so every run gives the same ledger. The alerts a job writes are then dated as the
   * worker would have written them live: when the job's last event came in.
   */
  const flush = async () => {
    for (let offset = 0; offset < pending.length; offset += JOB_EVENTS) {
      const jobEvents = pending.slice(offset, offset + JOB_EVENTS);
      // Validated as the worker's consumer validates a job read from the queue.
      const parsed = parseUsageJobPayload({ receivedAt: now.toISOString(), batches: groupsOf(jobEvents) });
      if (!parsed.success) throw parsed.error;
      const recorded = await recordUsageJob(options.pool, parsed.data, deps);
      summary.inserted += recorded.inserted;
      summary.unrated += recorded.unrated;
      const latest = jobEvents.reduce((max, { event }) => (event.timestamp > max ? event.timestamp : max), "");
      lastAlertId = await dateNewAlerts(options.pool, tenantIds, lastAlertId, new Date(latest), now);
    }
    pending = [];
  };
  // Oldest first, as the traffic arrived, one job per UTC day of it (so never across a month's end: the worker dates
  // a job's credit use at its latest event, so a job across a month's end would bill credit used for one month's
  // usage on the next month's invoice). Period counters, budgets and credit fill up in time order, and a threshold's
  // alert is dated on the day its usage crossed it, with what had been spent by the end of that day's traffic. Jobs of
  // an hour would date it to the hour, but made the load 5-9 times slower (README, "Demo history").
  let pendingDay = "";
  for (const day of days) {
    const fresh = tenants.flatMap((tenant) => {
      const all = historyEventsOf(tenant.profile, day.start, day.tasks.get(tenant.profile.slug) ?? 0, now);
      summary.generated += all.length;
      return all.filter(({ event }) => !tenant.stored.has(event.id)).map((event) => ({ tenant, ...event }));
    });
    // A stable sort: the same order on every run. A task begun late in the day may run past midnight: its last calls
    // go with the next day's job.
    fresh.sort((a, b) => (a.event.timestamp < b.event.timestamp ? -1 : a.event.timestamp > b.event.timestamp ? 1 : 0));
    for (const event of fresh) {
      const eventDay = dayOf(event);
      if (eventDay !== pendingDay && pending.length > 0) await flush();
      pendingDay = eventDay;
      pending.push(event);
    }
  }
  await flush();
  // Skipped as found in the window, or dropped by the worker as already stored.
  summary.alreadyStored = summary.generated - summary.inserted;
  summary.loadSeconds = (performance.now() - started) / 1000;

  for (const tenant of tenants) await dateDemoRecords(options.pool, tenant.tenantId, windowStart);
  // The worker's credit forecast scan, as it runs on its schedule, at the history's end (after the tenants are dated:
  // the run rate counts only days since a tenant was created): Acme's top-up is projected to run out within its
  // alert window, a credit.depletion_forecast alert dated now; a re-run finds it written.
  await scanCreditDepletionForecasts(options.db, now);
  await dateNewAlerts(options.pool, tenantIds, lastAlertId, now, now);
  summary.invoicesFinalized = await closeHistoryPeriods(options.db, options.pool, tenantIds, options.issuer, now);
  summary.invoicesPaid = await payOldestInvoices(
    options.db,
    tenants.map((tenant) => tenant.tenantId),
    now,
  );
  await ensureDemoWebhooks(
    options.db,
    options.pool,
    new Map(tenants.map((tenant) => [tenant.profile.slug, tenant.tenantId])),
    windowStart,
  );
  await ensureDemoSimulation(options.db, options.pool, now);
  return summary;
}

/** "2026-10-07": the UTC day of an event. */
function dayOf({ event }: HistoryEvent): string {
  return event.timestamp.slice(0, 10);
}

async function latestAlertId(pool: Pool): Promise<string> {
  const rows = await pool.query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM alerts");
  return rows.rows[0]?.id ?? "0";
}

/**
 * Dates the alerts the demo tenants got since `afterId` (the last job's: thresholds crossed, credit running low or
 * out) at `at`, with the webhook events the alerts' trigger made of them: recorded live, the worker would have
 * written them then, not when the history was loaded. Unpriced usage is the exception: its alert is per UTC day the
 * events were received, and the history's jobs are all received at `receivedAt`, so it is dated then, on the day its
 * title names. Returns the latest alert id.
 */
async function dateNewAlerts(
  pool: Pool,
  tenantIds: readonly string[],
  afterId: string,
  at: Date,
  receivedAt: Date,
): Promise<string> {
  const dated = await pool.query<{ id: string }>(
    `WITH dated AS (
       UPDATE alerts SET created_at = CASE kind WHEN 'usage.unrated' THEN $4::timestamptz ELSE $3::timestamptz END
        WHERE id > $1::bigint AND tenant_id = ANY($2::uuid[])
       RETURNING id, tenant_id, dedupe_key, created_at
     ), events AS (
       UPDATE webhook_events w SET created_at = d.created_at FROM dated d
        WHERE w.tenant_id = d.tenant_id AND w.dedupe_key = d.dedupe_key
     )
     SELECT coalesce(max(id), $1::bigint)::text AS id FROM dated`,
    [afterId, tenantIds, at, receivedAt],
  );
  return dated.rows[0]?.id ?? afterId;
}

/** A job's groups: one per (tenant, API key), as ingest's coalescer builds them. */
function groupsOf(events: readonly TenantEvent[]): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const { tenant, apiKey, event } of events) {
    const apiKeyId = tenant.keyIds.get(apiKey) ?? null;
    const key = `${tenant.tenantId}/${apiKey}`;
    const group = groups.get(key) ?? { tenantId: tenant.tenantId, apiKeyId, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * A paid invoice in the history: each tenant's oldest finalized invoice with something to pay is marked paid by the
 * demo operator, when a later one exists (last month's stays open) and none is paid yet (a re-run pays nothing more).
 */
async function payOldestInvoices(db: Db, tenantIds: readonly string[], now: Date): Promise<string[]> {
  const actor = await demoOperator(db);
  const paid: string[] = [];
  for (const tenantId of tenantIds) {
    // Already paid by an earlier load (zero-due invoices are paid at finalization: not the demo's payment).
    if ((await db.invoice.count({ where: { tenantId, status: "paid", total: { gt: 0 } } })) > 0) continue;
    const invoices = await db.invoice.findMany({
      where: { tenantId, status: "finalized" },
      orderBy: { periodStart: "asc" },
    });
    const oldest = invoices.slice(0, -1).find((invoice) => invoice.total.greaterThan(0));
    if (!oldest) continue;
    // Paid by transfer a few days after it was issued, as a customer would (not the day the demo was loaded).
    const paidAt = new Date(Math.min((oldest.issuedAt ?? now).getTime() + PAID_AFTER_MS, now.getTime()));
    const view = await markInvoicePaid(
      db,
      oldest.id,
      { reference: "demo bank transfer", paidAt },
      { actor, reason: "demo data" },
      { now },
    );
    paid.push(view.number ?? oldest.id);
  }
  return paid;
}
