import { money, type Money } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/**
 * A tenant's credit in one currency as two totals that only ever grow, so hard-limit state can take the larger of
 * any two readings: `granted`, every grant that has started; `used`, all of it that can no longer pay for usage
 * (consumed, voided, or expired whether or not the expiry is booked yet). Live balance = granted − used.
 */
export interface CreditTotals {
  tenantId: string;
  currency: string;
  granted: Money;
  used: Money;
  /** What the grants that can still pay (started, not voided, not expired) granted, and the newest of them. */
  liveGranted: Money;
  newestLiveGrantId: string | null;
}

/** $1 tenant ids, $2 the instant. Shared with the worker, which runs it on its own connection. */
export const CREDIT_TOTALS_SQL = `
  SELECT tenant_id::text AS tenant_id, currency, sum(amount)::text AS granted,
         sum(amount - CASE WHEN live THEN remaining ELSE 0 END)::text AS used,
         COALESCE(sum(amount) FILTER (WHERE live), 0)::text AS live_granted,
         (array_agg(id::text ORDER BY granted_at DESC, id DESC) FILTER (WHERE live))[1] AS newest_live_grant
    FROM (SELECT *, voided_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz) AS live
            FROM credit_grants
           WHERE tenant_id = ANY($1::uuid[]) AND granted_at <= $2::timestamptz) AS g
   GROUP BY tenant_id, currency
   ORDER BY tenant_id, currency`;

export interface CreditTotalsRow {
  tenant_id: string;
  currency: string;
  granted: string;
  used: string;
  live_granted: string;
  newest_live_grant: string | null;
}

export function creditTotalsOf(rows: readonly CreditTotalsRow[]): CreditTotals[] {
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    currency: row.currency.trim(),
    granted: money(row.granted),
    used: money(row.used),
    liveGranted: money(row.live_granted),
    newestLiveGrantId: row.newest_live_grant,
  }));
}

export async function loadCreditTotals(db: DbOrTx, tenantIds: readonly string[], at: Date): Promise<CreditTotals[]> {
  if (tenantIds.length === 0) return [];
  return creditTotalsOf(await db.$queryRawUnsafe<CreditTotalsRow[]>(CREDIT_TOTALS_SQL, tenantIds, at));
}
