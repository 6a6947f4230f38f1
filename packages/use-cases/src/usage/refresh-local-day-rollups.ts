import type { Db, DbTx } from "@tollgate/db";
import { collectChangedHours, pruneReadRollupChanges } from "./changed-usage-hours.ts";

/**
 * How far back of the watermark each refresh looks again. An event's inserted_at is stamped when its recording
 * transaction starts, so it can commit with a stamp just below the watermark a refresh already moved past; looking
 * again over this window picks it up (recording transactions last seconds). Recomputing a day twice changes nothing.
 */
export const LOCAL_REFRESH_OVERLAP_SECONDS = 120;
/** Zones filled whole per refresh (a tenant that just set its zone): each reads all of that tenant's hourly rows. */
const ZONES_FILLED_PER_REFRESH = 5;

export interface LocalRollupRefreshResult {
  /** False when another refresh held the watermark (it does the same work). */
  ran: boolean;
  /** (tenant, local day) pairs recomputed from the hourly rollups. */
  days: number;
  /** Tenants whose zone was filled whole (just set). */
  zonesFilled: number;
}

/** The local-day rollup columns, summed from hourly rows (a type amount stays null when any hour's is unknown). */
const SUMS = `sum(h.event_count), sum(h.unrated_count), sum(h.input_tokens), sum(h.cached_input_tokens),
  sum(h.cache_write_tokens), sum(h.output_tokens), sum(h.reasoning_tokens), sum(h.amount), sum(h.cost),
  CASE WHEN bool_and(h.input_amount IS NOT NULL) THEN sum(h.input_amount) END,
  CASE WHEN bool_and(h.cached_input_amount IS NOT NULL) THEN sum(h.cached_input_amount) END,
  CASE WHEN bool_and(h.cache_write_amount IS NOT NULL) THEN sum(h.cache_write_amount) END,
  CASE WHEN bool_and(h.output_amount IS NOT NULL) THEN sum(h.output_amount) END,
  CASE WHEN bool_and(h.reasoning_amount IS NOT NULL) THEN sum(h.reasoning_amount) END`;
const INSERT_COLUMNS = `INSERT INTO usage_rollups_daily_local (tenant_id, time_zone, day, model_id, api_key_id, customer,
  agent, event_count, unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
  reasoning_tokens, amount, cost, input_amount, cached_input_amount, cache_write_amount, output_amount,
  reasoning_amount)`;

/**
 * Recomputes the local-day rollups (usage_rollups_daily_local) from usage_rollups_hourly: whole for tenants that just
 * set a zone, otherwise the local days of the hours changed since the watermark (less the overlap): events inserted
 * and hours re-rated since (collectChangedHours), so neither the worker's writes nor the rollup tables' indexes change.
 * An hourly row belongs to the local day of its first instant (the explorer's day buckets). Recomputed, never
 * incremented: a re-run writes the same rows. One REPEATABLE READ transaction; the watermark row is locked with SKIP
 * LOCKED so concurrent workers never do the work twice. Runs outside the worker's recording transactions.
 */
export async function refreshLocalDayRollups(db: Db): Promise<LocalRollupRefreshResult> {
  return db.$transaction(
    async (tx) => {
      const state = await tx.$queryRaw<{ refreshed_through: Date }[]>`
        SELECT refreshed_through FROM local_rollup_refresh_state WHERE id = 1 FOR UPDATE SKIP LOCKED`;
      const watermark = state[0]?.refreshed_through;
      if (!watermark) return { ran: false, days: 0, zonesFilled: 0 };

      const zonesFilled = await fillNewZones(tx);
      const since = new Date(watermark.getTime() - LOCAL_REFRESH_OVERLAP_SECONDS * 1000);
      const latest = await collectChangedHours(tx, since);
      // Kept for the connection, emptied at every commit: no catalog churn from a temp table per refresh.
      await tx.$executeRaw`
        CREATE TEMP TABLE IF NOT EXISTS local_touched (tenant_id UUID, time_zone TEXT, day DATE)
        ON COMMIT DELETE ROWS`;
      // Each changed hour's local day in its tenant's zone (an hourly row belongs to the day of its first instant).
      const days = await tx.$executeRaw`
        INSERT INTO local_touched (tenant_id, time_zone, day)
        SELECT DISTINCT c.tenant_id, z.time_zone, (c.hour AT TIME ZONE z.time_zone)::date
          FROM changed_hours c JOIN usage_local_rollup_zones z ON z.tenant_id = c.tenant_id AND z.ready_at IS NOT NULL`;
      // Autovacuum never analyzes temp tables: without this the planner guesses its size.
      await tx.$executeRaw`ANALYZE local_touched`;
      await tx.$executeRaw`
        DELETE FROM usage_rollups_daily_local l USING local_touched t
         WHERE l.tenant_id = t.tenant_id AND l.time_zone = t.time_zone AND l.day = t.day`;
      // A local day's hours lie within its midnights (an hour either side covers zones whose midnight is missing);
      // the exact test picks them, each range an index scan of the hourly key.
      await tx.$executeRawUnsafe(`
        ${INSERT_COLUMNS}
        SELECT t.tenant_id, t.time_zone, t.day, h.model_id, h.api_key_id, h.customer, h.agent, ${SUMS}
          FROM local_touched t JOIN usage_rollups_hourly h
            ON h.tenant_id = t.tenant_id
           AND h.hour >= (t.day::timestamp AT TIME ZONE t.time_zone) - interval '1 hour'
           AND h.hour < ((t.day + 1)::timestamp AT TIME ZONE t.time_zone) + interval '1 hour'
           AND (h.hour AT TIME ZONE t.time_zone)::date = t.day
         GROUP BY t.tenant_id, t.time_zone, t.day, h.model_id, h.api_key_id, h.customer, h.agent`);

      await tx.$executeRaw`
        UPDATE local_rollup_refresh_state
           SET refreshed_through = greatest(refreshed_through, coalesce(${latest}::timestamptz, refreshed_through)),
               refreshed_at = now(), days_refreshed = ${days}
         WHERE id = 1`;
      await pruneReadRollupChanges(tx);
      return { ran: true, days, zonesFilled };
    },
    { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 300_000 },
  );
}

/** Fills the zones set since the last refresh whole, from every hourly row of their tenant. */
async function fillNewZones(tx: DbTx): Promise<number> {
  const pending = await tx.$queryRaw<{ tenant_id: string; time_zone: string }[]>`
    SELECT tenant_id::text, time_zone FROM usage_local_rollup_zones WHERE ready_at IS NULL
     ORDER BY created_at LIMIT ${ZONES_FILLED_PER_REFRESH}`;
  for (const zone of pending) {
    // Rows of a zone the tenant used before go too.
    await tx.$executeRaw`DELETE FROM usage_rollups_daily_local WHERE tenant_id = ${zone.tenant_id}::uuid`;
    await tx.$executeRawUnsafe(
      `${INSERT_COLUMNS}
       SELECT h.tenant_id, $2::text, (h.hour AT TIME ZONE $2::text)::date, h.model_id, h.api_key_id, h.customer, h.agent, ${SUMS}
         FROM usage_rollups_hourly h WHERE h.tenant_id = $1::uuid
        GROUP BY h.tenant_id, 3, h.model_id, h.api_key_id, h.customer, h.agent`,
      zone.tenant_id,
      zone.time_zone,
    );
    await tx.$executeRaw`
      UPDATE usage_local_rollup_zones SET ready_at = now()
       WHERE tenant_id = ${zone.tenant_id}::uuid AND time_zone = ${zone.time_zone}`;
  }
  return pending.length;
}
