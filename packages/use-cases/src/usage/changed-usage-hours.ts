import type { DbTx } from "@tollgate/db";

/**
 * Fills the temp table `changed_hours` (tenant_id, UTC hour) with every hour whose rollups may have changed since
 * `since`: the hours of the events inserted after it, found through usage_events' BRIN index on inserted_at (the
 * recent block ranges, never the whole table), and the hours noted after it in usage_rollup_changes: re-rated by the
 * rating sweep (their events are not new), or recorded late (their events are new too; noted for the explorer's
 * reads, see LATE_USAGE_MARGIN). The local-day, analytics and hourly-model refreshes derive what they recompute from
 * it.
 * Returns the latest stamp read (the caller's next watermark), null when nothing changed. Call in the caller's
 * snapshot (REPEATABLE READ), so the stamp and the set describe the same rows.
 */
export async function collectChangedHours(tx: DbTx, since: Date): Promise<Date | null> {
  // Kept for the connection, emptied at every commit: no catalog churn from a temp table per refresh.
  await tx.$executeRaw`
    CREATE TEMP TABLE IF NOT EXISTS changed_hours (tenant_id UUID, hour TIMESTAMPTZ(3)) ON COMMIT DELETE ROWS`;
  // `since` is a parameter, not a join with a state row, so the planner reads only the BRIN's recent ranges.
  await tx.$executeRaw`
    INSERT INTO changed_hours (tenant_id, hour)
    SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC') FROM usage_events WHERE inserted_at > ${since}
    UNION
    SELECT tenant_id, hour FROM usage_rollup_changes WHERE changed_at > ${since}`;
  // Autovacuum never analyzes temp tables: without this the planner guesses its size.
  await tx.$executeRaw`ANALYZE changed_hours`;
  const latest = await tx.$queryRaw<{ latest: Date | null }[]>`
    SELECT greatest((SELECT max(inserted_at) FROM usage_events WHERE inserted_at > ${since}),
                    (SELECT max(changed_at) FROM usage_rollup_changes WHERE changed_at > ${since})) AS latest`;
  return latest[0]?.latest ?? null;
}

/**
 * How long a noted hour stays in usage_rollup_changes once every refresh's watermark is past it: longer than
 * either refresh's overlap, so a refresh that looks back over its overlap still finds it.
 */
const CHANGE_KEPT_SECONDS = 3600;

/**
 * Drops the noted hours every refresh has read (the queue has three readers: analytics, local days, hourly
 * models; so none deletes what it reads).
 */
export async function pruneReadRollupChanges(tx: DbTx): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM usage_rollup_changes
     WHERE changed_at < (SELECT least(a.refreshed_through, l.refreshed_through, m.refreshed_through)
                           FROM analytics_refresh_state a, local_rollup_refresh_state l, hourly_model_refresh_state m
                          WHERE a.id = 1 AND l.id = 1 AND m.id = 1) - make_interval(secs => ${CHANGE_KEPT_SECONDS})`;
}
