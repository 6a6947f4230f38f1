import { Prisma } from "@tollgate/db";
import { ROLLUP_COLUMNS, readsHourlyOnly, rollupSource } from "./rollup-source.ts";

type Range = { from: Date; to: Date };

/**
 * The rollup rows of one tenant in [from, to) for a read bucketed by the local days of `timeZone`, as one relation
 * with the hourly table's columns. When the tenant keeps local-day rollups in that zone (its own zone, once filled),
 * each whole local day of the range that ended before the last local-day refresh comes from usage_rollups_daily_local
 * (its rows placed at local noon, so they bucket into their day), and every other hour of the range (today, days not
 * yet refreshed, partial days at the ends) from its hourly rows. Each local row is the sum of its day's hourly rows,
 * so every sum is the hourly-only one. Other zones, or none kept yet: rollupSource alone.
 *
 * Which days are whole and kept is decided inside the same statement (from Postgres' own zone rules and the refresh
 * state), not by a query before it: the read is one round trip. Each branch is gated by a one-time condition on the
 * zone's state, so the branches not taken are never run.
 */
export function localDaySource(tenantId: string, range: Range, timeZone: string): Prisma.Sql {
  const fallback = rollupSource(tenantId, range, { wholeUtcDays: true, zoneDays: timeZone });
  if (readsHourlyOnly()) return fallback;
  // A local day is at most 25 hours and overlaps the range: its hours lie within 26 hours of the range's ends.
  // Only whole days come from local rows: a partial one read as its local row less the hours outside would list
  // groups that have usage only outside the range (with zero sums), which the hourly rows would not.
  return Prisma.sql`(
    WITH refreshed AS (
      SELECT s.refreshed_at
        FROM local_rollup_refresh_state s
        JOIN usage_local_rollup_zones z ON z.tenant_id = ${tenantId}::uuid AND z.time_zone = ${timeZone}
       WHERE s.id = 1 AND z.ready_at IS NOT NULL),
    hours AS (
      SELECT h, (h AT TIME ZONE ${timeZone}::text)::date AS day
        FROM generate_series(${range.from}::timestamptz - interval '26 hours',
                             ${range.to}::timestamptz + interval '25 hours', interval '1 hour') AS h),
    kept AS (
      SELECT day, (day::timestamp + interval '12 hours') AT TIME ZONE ${timeZone}::text AS noon
        FROM hours GROUP BY day
      HAVING bool_and(h >= ${range.from} AND h < ${range.to})
         AND max(h) + interval '1 hour' <= (SELECT refreshed_at FROM refreshed))
    SELECT k.noon AS hour, ${ROLLUP_COLUMNS}
      FROM kept AS k
      JOIN usage_rollups_daily_local AS d USING (day)
     WHERE d.tenant_id = ${tenantId}::uuid AND d.time_zone = ${timeZone}
       AND d.day BETWEEN (SELECT min(day) FROM kept) AND (SELECT max(day) FROM kept)
    UNION ALL
    -- An array of the other hours, not a join: an index range per hour (see zoneDayMoves).
    SELECT hour, ${ROLLUP_COLUMNS}
      FROM usage_rollups_hourly
     WHERE tenant_id = ${tenantId}::uuid
       AND EXISTS (SELECT 1 FROM refreshed)
       AND hour = ANY(ARRAY(
         SELECT h FROM hours WHERE h >= ${range.from} AND h < ${range.to} AND day NOT IN (SELECT day FROM kept)))
    UNION ALL
    SELECT * FROM ${fallback} WHERE NOT EXISTS (SELECT 1 FROM refreshed)) AS l`;
}
