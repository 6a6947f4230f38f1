import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { ROLLUP_COLUMNS, readsHourlyOnly, rollupSource } from "./rollup-source.ts";

/** The whole local days of a range that usage_rollups_daily_local answers, and the hours around them. */
interface LocalCover {
  first_day: string;
  last_day: string;
  /** First hour of first_day; the end of last_day (exclusive). */
  start: Date;
  end: Date;
}

/**
 * The rollup rows of one tenant in [from, to) for a read bucketed by the local days of `timeZone`, as one relation
 * with the hourly table's columns. When the tenant keeps local-day rollups in that zone (its own zone, once filled),
 * the local days wholly inside the range that ended before the last local-day refresh come from
 * usage_rollups_daily_local (one row per day and dimensions, placed at local noon so it buckets into its day), and
 * only the hours before and after them from rollupSource (daily UTC rows with hours moved, and hourly rows): the
 * recent days stay as fresh as the hourly rollups. Each local row is the sum of its day's hourly rows, so every sum is
 * the hourly-only one. Other zones, or none kept: rollupSource alone.
 */
export async function localDaySource(
  db: DbOrTx,
  tenantId: string,
  range: { from: Date; to: Date },
  timeZone: string,
): Promise<Prisma.Sql> {
  const fallback = rollupSource(tenantId, range, { wholeUtcDays: true, zoneDays: timeZone });
  if (readsHourlyOnly()) return fallback;
  const [cover] = await db.$queryRaw<LocalCover[]>`
    WITH refreshed AS (
      SELECT s.refreshed_at
        FROM local_rollup_refresh_state s
        JOIN usage_local_rollup_zones z ON z.tenant_id = ${tenantId}::uuid AND z.time_zone = ${timeZone}
       WHERE s.id = 1 AND z.ready_at IS NOT NULL),
    days AS (
      SELECT (h AT TIME ZONE ${timeZone})::date AS day, min(h) AS first, max(h) AS last
        FROM generate_series(${range.from}::timestamptz, ${range.to}::timestamptz - interval '1 hour',
                             interval '1 hour') AS h
       GROUP BY 1)
    SELECT to_char(min(day), 'YYYY-MM-DD') AS first_day, to_char(max(day), 'YYYY-MM-DD') AS last_day,
           min(first) AS start, max(last) + interval '1 hour' AS "end"
      FROM days
     WHERE ((first - interval '1 hour') AT TIME ZONE ${timeZone})::date <> day
       AND ((last + interval '1 hour') AT TIME ZONE ${timeZone})::date <> day
       AND last + interval '1 hour' <= (SELECT refreshed_at FROM refreshed)
    HAVING count(*) > 0`;
  if (!cover) return fallback;
  const ends = [
    { from: range.from, to: cover.start },
    { from: cover.end, to: range.to },
  ].filter((part) => part.from < part.to);
  const rest = ends.map(
    (part) =>
      Prisma.sql`UNION ALL SELECT * FROM ${rollupSource(tenantId, part, { wholeUtcDays: true, zoneDays: timeZone })}`,
  );
  // The whole days are contiguous: every day strictly inside the range is whole; only the last refresh cuts a suffix.
  return Prisma.sql`(
    SELECT (day::timestamp + interval '12 hours') AT TIME ZONE ${timeZone}::text AS hour, ${ROLLUP_COLUMNS}
      FROM usage_rollups_daily_local
     WHERE tenant_id = ${tenantId}::uuid AND time_zone = ${timeZone}
       AND day >= ${cover.first_day}::date AND day <= ${cover.last_day}::date
    ${Prisma.join(rest, " ")}) AS l`;
}
