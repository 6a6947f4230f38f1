import { money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { grantView, type CreditGrantView } from "./credit-grant-row.ts";

export interface CreditUseDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Σ credit_usage entries of the grant that day: credit applied to usage. */
  used: string;
  /** Σ credit_expiry entries that day: the rest taken back at expiry or void. */
  expired: string;
  /** What was left of the grant at the end of the day. */
  balance: string;
}

/**
 * A grant's use over time, by UTC day, from the ledger (credit_usage and credit_expiry entries referencing it), with
 * the balance left after each day; days without use are absent. `not_found` for a grant of another tenant.
 */
export async function creditGrantHistory(
  db: DbOrTx,
  tenantId: string,
  grantId: string,
  now = new Date(),
): Promise<{ grant: CreditGrantView; days: CreditUseDay[] }> {
  await requireTenant(db, tenantId);
  const grant = await grantView(db, tenantId, grantId, now);
  // The partial index on credit_grant_id finds the grant's entries; tenant_id keeps the read inside the tenant.
  const rows = await db.$queryRaw<{ day: string; used: string; expired: string }[]>`
    SELECT to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           COALESCE(sum(amount) FILTER (WHERE kind = 'credit_usage'), 0)::text AS used,
           COALESCE(sum(amount) FILTER (WHERE kind = 'credit_expiry'), 0)::text AS expired
      FROM ledger_entries
     WHERE credit_grant_id = ${grantId}::uuid AND tenant_id = ${tenantId}::uuid
       AND kind IN ('credit_usage', 'credit_expiry')
     GROUP BY 1 ORDER BY 1`;
  let balance = money(grant.amount);
  const days = rows.map((row) => {
    balance = balance.minus(money(row.used)).minus(money(row.expired));
    return {
      day: row.day,
      used: toDecimalString(money(row.used)),
      expired: toDecimalString(money(row.expired)),
      balance: toDecimalString(balance),
    };
  });
  return { grant, days };
}
