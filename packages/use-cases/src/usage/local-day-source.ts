import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { LATE_USAGE_MARGIN, refreshPendingHours } from "./late-usage-margin.ts";
import { LOCAL_REFRESH_OVERLAP_SECONDS } from "./refresh-local-day-rollups.ts";
import { ROLLUP_COLUMNS, readsHourlyOnly, rollupSource } from "./rollup-source.ts";

/** One local day overlapping the range: its hours (first, end exclusive) and how many of them lie inside it. */
interface LocalDayRow {
  day: string;
  first: Date;
  end: Date;
  inside: number;
  hours: number;
  /**
   * The local rows hold this day as of the last refresh: zone filled, day ended LATE_USAGE_MARGIN before it, and no
   * hour of it noted (late, re-rated) that the refresh may not hold yet.
   */
  kept: boolean;
}

type Range = { from: Date; to: Date };

/**
 * The rollup rows of one tenant in [from, to) for a read bucketed by the local days of `timeZone`, as one relation
 * with the hourly table's columns. When the tenant keeps local-day rollups in that zone (its own zone, once filled),
 * each whole local day of the range that ended LATE_USAGE_MARGIN before the last local-day refresh, and has no hour
 * noted since that it may not hold (refreshPendingHours), comes from usage_rollups_daily_local
 * (its rows placed at local noon, so they bucket into their day); the other hours (the recent days, partial days at
 * the ends) come from rollupSource (per model where refreshed, with `modelsOnly`). Each local row is the sum of its
 * day's hourly rows, so every sum is the hourly-only one at every moment: usage recorded late (past the margin) or
 * re-rated into a kept day shows at once (see LATE_USAGE_MARGIN). Other zones, or none kept: rollupSource alone.
 * The days' coverage is a query of its own: folding it into the read (one statement, its branches gated on the
 * zone's state) was measured 1.2 × slower at p50, planning the branches not taken costing more than the round trip.
 */
export async function localDaySource(
  db: DbOrTx,
  tenantId: string,
  range: Range,
  timeZone: string,
  options: { modelsOnly?: boolean } = {},
): Promise<Prisma.Sql> {
  const sourceOptions = { wholeUtcDays: true, zoneDays: timeZone, modelsOnly: options.modelsOnly === true };
  const fallback = rollupSource(tenantId, range, sourceOptions);
  if (readsHourlyOnly()) return fallback;
  const pending = refreshPendingHours(tenantId, "local_rollup_refresh_state", LOCAL_REFRESH_OVERLAP_SECONDS);
  // A local day is at most 25 hours and overlaps the range: its hours lie within 26 hours of the range's ends.
  const days = await db.$queryRaw<LocalDayRow[]>`
    WITH refreshed AS (
      SELECT s.refreshed_at
        FROM local_rollup_refresh_state s
        JOIN usage_local_rollup_zones z ON z.tenant_id = ${tenantId}::uuid AND z.time_zone = ${timeZone}
       WHERE s.id = 1 AND z.ready_at IS NOT NULL),
    hours AS (
      SELECT h, (h AT TIME ZONE ${timeZone})::date AS day
        FROM generate_series(${range.from}::timestamptz - interval '26 hours',
                             ${range.to}::timestamptz + interval '25 hours', interval '1 hour') AS h)
    SELECT to_char(day, 'YYYY-MM-DD') AS day, min(h) AS first, max(h) + interval '1 hour' AS "end",
           (count(*) FILTER (WHERE h >= ${range.from} AND h < ${range.to}))::int AS inside, count(*)::int AS hours,
           coalesce(max(h) + interval '1 hour'
                      <= (SELECT refreshed_at - ${LATE_USAGE_MARGIN}::interval FROM refreshed), false)
             AND NOT bool_or(h = ANY(${pending})) AS kept
      FROM hours GROUP BY day
    HAVING count(*) FILTER (WHERE h >= ${range.from} AND h < ${range.to}) > 0
     ORDER BY day`;
  const local: string[] = [];
  const rest: Range[] = [];
  for (const day of days) {
    // Only whole days: a partial one read as its local row less the hours outside would list groups that have
    // usage only outside the range (with zero sums), which the hourly rows would not.
    if (day.kept && day.inside === day.hours) {
      local.push(day.day);
    } else {
      addRange(rest, { from: maxDate(day.first, range.from), to: minDate(day.end, range.to) });
    }
  }
  if (local.length === 0) return fallback;
  // Each day's noon is computed once per day (30 rows), not per local row (300 a day); the day range is the index's
  // own bound (the list alone was only a filter once the planner misjudged the table's size).
  const parts = [
    Prisma.sql`SELECT d.noon AS hour, ${ROLLUP_COLUMNS}
      FROM (SELECT day, (day::timestamp + interval '12 hours') AT TIME ZONE ${timeZone}::text AS noon
              FROM unnest(${local}::date[]) AS day) AS d
      JOIN usage_rollups_daily_local AS l USING (day)
     WHERE l.tenant_id = ${tenantId}::uuid AND l.time_zone = ${timeZone}
       AND l.day BETWEEN ${local[0]}::date AND ${local.at(-1)}::date`,
    ...rest.map((part) => Prisma.sql`SELECT * FROM ${rollupSource(tenantId, part, sourceOptions)}`),
  ];
  return Prisma.sql`(${Prisma.join(parts, " UNION ALL ")}) AS l`;
}

/** Appends `part`, merged into the last range when they touch (consecutive days read as one range). */
function addRange(ranges: Range[], part: Range): void {
  const last = ranges.at(-1);
  if (last && last.to.getTime() === part.from.getTime()) last.to = part.to;
  else ranges.push(part);
}

const maxDate = (a: Date, b: Date) => (a > b ? a : b);
const minDate = (a: Date, b: Date) => (a < b ? a : b);
