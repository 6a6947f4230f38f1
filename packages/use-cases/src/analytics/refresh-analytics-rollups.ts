import type { Db } from "@tollgate/db";
import { collectChangedHours, pruneReadRollupChanges } from "../usage/changed-usage-hours.ts";
import { analyticsWindow } from "./analytics-window.ts";
import { refreshTenantWindows } from "./tenant-windows.ts";

/**
 * How far back of the watermark each refresh looks again. An event's inserted_at is stamped when its recording
 * transaction starts, so it can commit with a stamp just below the watermark a refresh already moved past; looking
 * again over this window picks it up. Recomputing a day twice changes nothing.
 */
export const REFRESH_OVERLAP_SECONDS = 300;

export interface AnalyticsRefreshResult {
  /** False when another refresh held the watermark (it does the same work). */
  ran: boolean;
  /** UTC days recomputed in usage_rollups_global_daily. */
  days: number;
  /** Rows written to usage_rollups_tenant_weekly (one per touched tenant, UTC week and currency). */
  tenantWeeks: number;
}

/**
 * Recomputes the cross-tenant analytics rollups from usage_rollups_daily for every UTC day of a tenant's hour changed
 * since the watermark (less the overlap; collectChangedHours, shared with the local-day refresh): the whole day across
 * all tenants in usage_rollups_global_daily and each touched tenant's week in usage_rollups_tenant_weekly, then the
 * touched tenants' totals over the ranked windows ending with the week of `now` (usage_rollups_tenant_windows; every
 * tenant's once a new week began). Recomputed, never incremented: a re-run or a recovered job writes the same rows.
 * One REPEATABLE READ transaction reads one snapshot; the watermark row is locked with SKIP LOCKED so concurrent
 * workers never do the work twice. Runs outside the worker's recording transactions.
 */
export async function refreshAnalyticsRollups(db: Db, options: { now?: Date } = {}): Promise<AnalyticsRefreshResult> {
  const weekTo = analyticsWindow({ weeks: 1, now: options.now ?? new Date() }).to;
  const result = await recompute(db, weekTo);
  // A refresh that rewrote much of the tables (the first, a backfill) leaves the planner with no or stale statistics
  // until autovacuum's next analyze (a minute or more): meanwhile top tenants ranks 10,000 tenants' weeks through
  // the primary key and an on-disk sort (3 × slower). Analyzed at once instead; routine refreshes leave it to autovacuum.
  if (result.tenantWeeks >= LARGE_REFRESH_TENANT_WEEKS) {
    await db.$executeRaw`ANALYZE usage_rollups_tenant_weekly, usage_rollups_global_daily, usage_rollups_tenant_windows`;
  }
  return result;
}

/** Tenant weeks rewritten from which a refresh analyzes the tables it wrote. */
const LARGE_REFRESH_TENANT_WEEKS = 10_000;

async function recompute(db: Db, weekTo: Date): Promise<AnalyticsRefreshResult> {
  return db.$transaction(
    async (tx) => {
      // `since` is null before the first refresh (the watermark is '-infinity').
      const state = await tx.$queryRaw<{ since: Date | null }[]>`
        SELECT CASE WHEN refreshed_through > '-infinity'
                    THEN refreshed_through - make_interval(secs => ${REFRESH_OVERLAP_SECONDS}) END AS since
          FROM analytics_refresh_state WHERE id = 1 FOR UPDATE SKIP LOCKED`;
      const [locked] = state;
      if (!locked) return { ran: false, days: 0, tenantWeeks: 0 };

      // Kept for the connection, emptied at every commit: no catalog churn from a temp table per refresh.
      await tx.$executeRaw`
        CREATE TEMP TABLE IF NOT EXISTS analytics_touched (tenant_id UUID, day TIMESTAMPTZ(3)) ON COMMIT DELETE ROWS`;
      let latest: Date | null;
      if (locked.since) {
        // The UTC days of the hours changed since the watermark (new events through the BRIN on inserted_at, and
        // re-rated hours), the same set the local-day refresh reads: no scan of the daily rollups.
        latest = await collectChangedHours(tx, locked.since);
        await tx.$executeRaw`
          INSERT INTO analytics_touched (tenant_id, day)
          SELECT DISTINCT tenant_id, date_trunc('day', hour, 'UTC') FROM changed_hours`;
      } else {
        // The first refresh ('-infinity'): every day the daily rollups hold, whatever wrote them.
        latest = (await tx.$queryRaw<{ now: Date }[]>`SELECT transaction_timestamp() AS now`)[0]?.now ?? null;
        await tx.$executeRaw`
          INSERT INTO analytics_touched (tenant_id, day) SELECT DISTINCT tenant_id, day FROM usage_rollups_daily`;
      }
      // Autovacuum never analyzes temp tables: without this the planner guesses its size and scans the daily table.
      await tx.$executeRaw`ANALYZE analytics_touched`;

      await tx.$executeRaw`
        DELETE FROM usage_rollups_global_daily WHERE day IN (SELECT day FROM analytics_touched)`;
      // The days' daily rows are read once (materialized): joined back by key, every tenant's rows of the day were
      // read twice, each a random heap read (a day's rows lie all over the table).
      await tx.$executeRaw`
        WITH days AS (SELECT DISTINCT day FROM analytics_touched),
        rows AS MATERIALIZED (
          SELECT d.tenant_id, d.day, d.model_id, d.agent, d.event_count, d.unrated_count, d.input_tokens,
                 d.cached_input_tokens, d.cache_write_tokens, d.output_tokens, d.reasoning_tokens, d.amount, d.cost
            FROM usage_rollups_daily d JOIN days USING (day)
        ),
        tenant_days AS (
          SELECT t.tenant_id, t.day, tenant_currency_on(t.tenant_id, t.day) AS currency
            FROM (SELECT DISTINCT tenant_id, day FROM rows) t
        )
        INSERT INTO usage_rollups_global_daily (day, currency, model_id, agent, event_count, unrated_count,
          input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost)
        SELECT d.day, td.currency, d.model_id, d.agent, sum(d.event_count), sum(d.unrated_count),
               sum(d.input_tokens), sum(d.cached_input_tokens), sum(d.cache_write_tokens), sum(d.output_tokens),
               sum(d.reasoning_tokens), sum(d.amount), sum(d.cost)
          FROM rows d JOIN tenant_days td USING (tenant_id, day)
         GROUP BY d.day, td.currency, d.model_id, d.agent`;

      await tx.$executeRaw`
        DELETE FROM usage_rollups_tenant_weekly w
         USING (SELECT DISTINCT tenant_id, date_trunc('week', day, 'UTC') AS week FROM analytics_touched) x
         WHERE w.tenant_id = x.tenant_id AND w.week = x.week`;
      const tenantWeeks = await tx.$executeRaw`
        WITH weeks AS (SELECT DISTINCT tenant_id, date_trunc('week', day, 'UTC') AS week FROM analytics_touched),
        rows AS MATERIALIZED (
          SELECT w.week, d.tenant_id, d.day, d.event_count, d.unrated_count,
                 d.input_tokens + d.cached_input_tokens + d.cache_write_tokens + d.output_tokens + d.reasoning_tokens
                   AS tokens,
                 d.amount, d.cost
            FROM weeks w JOIN usage_rollups_daily d
              ON d.tenant_id = w.tenant_id AND d.day >= w.week AND d.day < w.week + interval '7 days'
        ),
        tenant_days AS (
          SELECT t.tenant_id, t.day, tenant_currency_on(t.tenant_id, t.day) AS currency
            FROM (SELECT DISTINCT tenant_id, day FROM rows) t
        )
        INSERT INTO usage_rollups_tenant_weekly (week, tenant_id, currency, event_count, unrated_count, tokens, amount,
          cost)
        SELECT d.week, d.tenant_id, td.currency, sum(d.event_count), sum(d.unrated_count), sum(d.tokens),
               sum(d.amount), sum(d.cost)
          FROM rows d JOIN tenant_days td USING (tenant_id, day)
         GROUP BY d.week, d.tenant_id, td.currency`;
      await refreshTenantWindows(tx, weekTo);

      // Daily rollups are applied from the aggregate outbox after the recording commit: while a row of it is
      // pending, the daily rows lack its events, so the watermark stops at it (its created_at is its events'
      // inserted_at: one transaction) and the next refresh recomputes those days again. It may move back for that.
      await tx.$executeRaw`
        UPDATE analytics_refresh_state
           SET refreshed_through = least(greatest(refreshed_through, coalesce(${latest}::timestamptz, refreshed_through)),
                 coalesce((SELECT min(created_at) FROM aggregate_outbox WHERE kind = 'daily_rollups'), 'infinity')),
               refreshed_at = now(),
               days_refreshed = (SELECT count(DISTINCT day) FROM analytics_touched)
         WHERE id = 1`;
      await pruneReadRollupChanges(tx);
      const touchedDays = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(DISTINCT day)::int AS n FROM analytics_touched`;
      return { ran: true, days: touchedDays[0]?.n ?? 0, tenantWeeks };
    },
    // The first refresh over 90 days of 10,000 tenants' rollups took 262 s on a loaded 2-vCPU machine, and over
    // 300 s (the timeout before) at a load average of 60: a timeout would roll it back and retry it forever.
    { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 1_200_000 },
  );
}

/** When the analytics rollups were last refreshed (their "as of"); null before the first refresh. */
export async function analyticsRefreshedAt(db: Pick<Db, "$queryRaw">): Promise<Date | null> {
  const rows = await db.$queryRaw<{ refreshed_at: Date | null }[]>`
    SELECT refreshed_at FROM analytics_refresh_state WHERE id = 1`;
  return rows[0]?.refreshed_at ?? null;
}
