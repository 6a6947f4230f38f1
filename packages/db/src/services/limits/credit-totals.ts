import { money, type Money } from "@tollgate/domain";
import type { DbOrTx } from "../../client.ts";

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
}

/** $1 tenant ids, $2 the instant. Shared with the worker, which runs it on its own connection. */
export const CREDIT_TOTALS_SQL = `
  SELECT tenant_id::text AS tenant_id, currency, sum(amount)::text AS granted,
         sum(amount - CASE WHEN voided_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz)
                           THEN remaining ELSE 0 END)::text AS used
    FROM credit_grants
   WHERE tenant_id = ANY($1::uuid[]) AND granted_at <= $2::timestamptz
   GROUP BY tenant_id, currency
   ORDER BY tenant_id, currency`;

export interface CreditTotalsRow {
  tenant_id: string;
  currency: string;
  granted: string;
  used: string;
}

export function creditTotalsOf(rows: readonly CreditTotalsRow[]): CreditTotals[] {
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    currency: row.currency.trim(),
    granted: money(row.granted),
    used: money(row.used),
  }));
}

export async function loadCreditTotals(db: DbOrTx, tenantIds: readonly string[], at: Date): Promise<CreditTotals[]> {
  if (tenantIds.length === 0) return [];
  return creditTotalsOf(await db.$queryRawUnsafe<CreditTotalsRow[]>(CREDIT_TOTALS_SQL, tenantIds, at));
}
