import type { DbTx } from "@tollgate/db";

/**
 * The window lengths (weeks) whose per-tenant totals the analytics refresh keeps in usage_rollups_tenant_windows:
 * the console's choices (ANALYTICS_WEEK_CHOICES). Another length is still answered, by grouping the weekly rows.
 */
export const RANKED_WINDOW_WEEKS = [4, 8, 12, 26, 52] as const;

export function isRankedWindow(weeks: number): boolean {
  return (RANKED_WINDOW_WEEKS as readonly number[]).includes(weeks);
}

/**
 * In the analytics refresh's transaction, after usage_rollups_tenant_weekly: recomputes (never increments) each
 * tenant's totals over every ranked window ending at `weekTo` (the end of the current UTC week). Only the touched
 * tenants' rows (analytics_touched) while the windows still end at `weekTo`; every tenant's when the week moved on
 * (or on the first refresh), since then every window slid. Returns the rows written.
 */
export async function refreshTenantWindows(tx: DbTx, weekTo: Date): Promise<number> {
  const state = await tx.$queryRaw<{ windows_week_to: Date | null }[]>`
    SELECT windows_week_to FROM analytics_refresh_state WHERE id = 1`;
  const whole = state[0]?.windows_week_to?.getTime() !== weekTo.getTime();
  const longest = Math.max(...RANKED_WINDOW_WEEKS);
  const sizes = [...RANKED_WINDOW_WEEKS];
  if (whole) {
    // DELETE, not TRUNCATE: its exclusive lock would hold every top tenants read until this (long) refresh commits.
    await tx.$executeRaw`DELETE FROM usage_rollups_tenant_windows`;
  } else {
    await tx.$executeRaw`
      DELETE FROM usage_rollups_tenant_windows
       WHERE week_to = ${weekTo} AND tenant_id IN (SELECT DISTINCT tenant_id FROM analytics_touched)`;
  }
  const written = await tx.$executeRaw`
    INSERT INTO usage_rollups_tenant_windows (week_to, weeks, currency, tenant_id, event_count, tokens, amount, cost)
    SELECT ${weekTo}, s.weeks, w.currency, w.tenant_id, sum(w.event_count), sum(w.tokens), sum(w.amount), sum(w.cost)
      FROM usage_rollups_tenant_weekly w
      JOIN unnest(${sizes}::int[]) AS s(weeks) ON w.week >= ${weekTo}::timestamptz - make_interval(weeks => s.weeks)
     WHERE w.week >= ${weekTo}::timestamptz - make_interval(weeks => ${longest}) AND w.week < ${weekTo}
       AND (${whole} OR w.tenant_id IN (SELECT DISTINCT tenant_id FROM analytics_touched))
     GROUP BY s.weeks, w.currency, w.tenant_id`;
  await tx.$executeRaw`UPDATE analytics_refresh_state SET windows_week_to = ${weekTo} WHERE id = 1`;
  return written;
}

/** The window end usage_rollups_tenant_windows holds (null before the first refresh). */
export async function tenantWindowsWeekTo(db: Pick<DbTx, "$queryRaw">): Promise<Date | null> {
  const rows = await db.$queryRaw<{ windows_week_to: Date | null }[]>`
    SELECT windows_week_to FROM analytics_refresh_state WHERE id = 1`;
  return rows[0]?.windows_week_to ?? null;
}
