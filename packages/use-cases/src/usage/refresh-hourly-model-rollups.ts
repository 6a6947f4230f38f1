import type { Db } from "@tollgate/db";
import { collectChangedHours, pruneReadRollupChanges } from "./changed-usage-hours.ts";

/**
 * How far back of the watermark each refresh looks again. An event's inserted_at is stamped when its recording
 * transaction starts, so it can commit with a stamp just below the watermark a refresh already moved past; looking
 * again over this window picks it up (recording transactions last seconds). Recomputing an hour twice changes nothing.
 */
export const HOURLY_MODEL_REFRESH_OVERLAP_SECONDS = 120;

export interface HourlyModelRefreshResult {
  /** False when another refresh held the watermark (it does the same work). */
  ran: boolean;
  /** (tenant, hour) pairs recomputed from the hourly rollups (0 for a first fill). */
  hours: number;
  /** True for the first refresh, which filled every hour. */
  filled: boolean;
}

/** The columns written, summed from hourly rows (a type amount stays null when any row's is unknown). */
const INSERT_SUMS = `INSERT INTO usage_rollups_hourly_models (tenant_id, hour, model_id, event_count, unrated_count,
  input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
  cached_input_amount, cache_write_amount, output_amount, reasoning_amount)
  SELECT h.tenant_id, h.hour, h.model_id, sum(h.event_count), sum(h.unrated_count), sum(h.input_tokens),
  sum(h.cached_input_tokens), sum(h.cache_write_tokens), sum(h.output_tokens), sum(h.reasoning_tokens), sum(h.amount),
  sum(h.cost),
  CASE WHEN bool_and(h.input_amount IS NOT NULL) THEN sum(h.input_amount) END,
  CASE WHEN bool_and(h.cached_input_amount IS NOT NULL) THEN sum(h.cached_input_amount) END,
  CASE WHEN bool_and(h.cache_write_amount IS NOT NULL) THEN sum(h.cache_write_amount) END,
  CASE WHEN bool_and(h.output_amount IS NOT NULL) THEN sum(h.output_amount) END,
  CASE WHEN bool_and(h.reasoning_amount IS NOT NULL) THEN sum(h.reasoning_amount) END`;

/**
 * Recomputes the per-model hourly rollups (usage_rollups_hourly_models) from usage_rollups_hourly: every hour on the
 * first refresh (watermark '-infinity'), then the hours changed since the watermark (less the overlap): events
 * inserted and hours re-rated since (collectChangedHours, shared with the local-day and analytics refreshes), so the
 * recording path writes nothing more. Recomputed, never incremented: a re-run writes the same rows. One REPEATABLE
 * READ transaction; the watermark row is locked with SKIP LOCKED so concurrent workers never do the work twice.
 */
export async function refreshHourlyModelRollups(db: Db): Promise<HourlyModelRefreshResult> {
  const result = await db.$transaction(
    async (tx) => {
      // `since` is null before the first refresh (the watermark is '-infinity').
      const state = await tx.$queryRaw<{ since: Date | null }[]>`
        SELECT CASE WHEN refreshed_through > '-infinity'
                    THEN refreshed_through - make_interval(secs => ${HOURLY_MODEL_REFRESH_OVERLAP_SECONDS}) END AS since
          FROM hourly_model_refresh_state WHERE id = 1 FOR UPDATE SKIP LOCKED`;
      const [locked] = state;
      if (!locked) return { ran: false, hours: 0, filled: false };

      let latest: Date | null;
      let hours = 0;
      if (locked.since) {
        latest = await collectChangedHours(tx, locked.since);
        await tx.$executeRaw`
          DELETE FROM usage_rollups_hourly_models m USING changed_hours c
           WHERE m.tenant_id = c.tenant_id AND m.hour = c.hour`;
        // changed_hours is distinct (a UNION); each hour is an index range of the hourly key.
        await tx.$executeRawUnsafe(`
          ${INSERT_SUMS}
            FROM changed_hours c JOIN usage_rollups_hourly h ON h.tenant_id = c.tenant_id AND h.hour = c.hour
           GROUP BY h.tenant_id, h.hour, h.model_id`);
        hours = Number((await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM changed_hours`)[0]?.n ?? 0n);
      } else {
        // The first refresh: every hour the hourly rollups hold, whatever wrote them (a re-fill replaces all).
        latest = (await tx.$queryRaw<{ now: Date }[]>`SELECT transaction_timestamp() AS now`)[0]?.now ?? null;
        await tx.$executeRaw`DELETE FROM usage_rollups_hourly_models`;
        await tx.$executeRawUnsafe(
          `${INSERT_SUMS} FROM usage_rollups_hourly h GROUP BY h.tenant_id, h.hour, h.model_id`,
        );
      }
      await tx.$executeRaw`
        UPDATE hourly_model_refresh_state
           SET refreshed_through = greatest(refreshed_through, coalesce(${latest}::timestamptz, refreshed_through)),
               refreshed_at = now(), hours_refreshed = ${hours}
         WHERE id = 1`;
      await pruneReadRollupChanges(tx);
      return { ran: true, hours, filled: locked.since === null };
    },
    { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 300_000 },
  );
  // A fill rewrote the whole table: without statistics until autovacuum's next analyze the planner takes it for empty.
  if (result.filled) await db.$executeRaw`ANALYZE usage_rollups_hourly_models`;
  return result;
}
