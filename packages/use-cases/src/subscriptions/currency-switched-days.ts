import type { DbTx } from "@tollgate/db";

/** The currency one tenant's usage of one UTC day is attributed to (SQL `tenant_currency_on`). */
export interface UsageDayCurrency {
  tenantId: string;
  day: Date;
  currency: string;
}

/**
 * Before a subscription change from `from` on: the currency of each of the tenants' UTC days with usage from `from`'s
 * day on (the analytics rollups put a whole day in the currency of the last subscription in force during it, so the
 * day holding `from` is affected too). Read from the daily rollups: a day whose increment is still in the aggregate
 * outbox is missing here, but its events are new, so the analytics refresh recomputes it anyway (its watermark
 * stops at that outbox row). Few rows in practice: a change is refused over rated usage after `from`.
 */
export async function usageDayCurrencies(
  tx: DbTx,
  tenantIds: readonly string[],
  from: Date,
): Promise<UsageDayCurrency[]> {
  if (tenantIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ tenant_id: string; day: Date; currency: string }[]>`
    SELECT d.tenant_id::text AS tenant_id, d.day, tenant_currency_on(d.tenant_id, d.day) AS currency
      FROM (SELECT DISTINCT tenant_id, day FROM usage_rollups_daily
             WHERE tenant_id = ANY(${[...tenantIds]}::uuid[]) AND day >= date_trunc('day', ${from}::timestamptz, 'UTC')) d
     ORDER BY 1, 2`;
  return rows.map((row) => ({ tenantId: row.tenant_id, day: row.day, currency: row.currency }));
}

/**
 * After the change, in its transaction: notes the days whose currency it switched in usage_rollup_changes (as the
 * rating sweep notes re-rated hours; a day as its first hour), so the analytics refresh recomputes them. No event
 * is inserted for those days, so it would otherwise keep their revenue in the old currency. Returns the days noted.
 */
export async function noteCurrencySwitchedDays(tx: DbTx, before: readonly UsageDayCurrency[]): Promise<number> {
  if (before.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO usage_rollup_changes (tenant_id, hour)
    SELECT b.tenant_id, b.day
      FROM unnest(${before.map((row) => row.tenantId)}::uuid[], ${before.map((row) => row.day)}::timestamptz[],
                  ${before.map((row) => row.currency)}::text[]) AS b(tenant_id, day, currency)
     WHERE tenant_currency_on(b.tenant_id, b.day) IS DISTINCT FROM b.currency
     ORDER BY 1, 2
    ON CONFLICT (tenant_id, hour) DO UPDATE SET changed_at = excluded.changed_at`;
}
