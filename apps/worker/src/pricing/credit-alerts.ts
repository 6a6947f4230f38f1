import { money, toDecimalString, type AlertRecord } from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { CreditUse } from "./credit-grants-store.ts";

/** A tenant's credit is "low" once what is left of its live grants is at most this share of what they granted. */
export const LOW_CREDIT_SHARE = "0.1";

export const CREDIT_LOW_ALERT = "credit.low";
export const CREDIT_EXHAUSTED_ALERT = "credit.exhausted";

/**
 * Low-credit and exhausted-credit alerts for the tenants (and currencies) this job took credit from, read after
 * the job's credit use in its own transaction (grant rows are locked). Each is raised once per tenant, currency
 * and newest grant: a top-up (a new grant) can raise them again.
 */
export async function creditAlerts(client: PoolClient, uses: readonly CreditUse[]): Promise<AlertRecord[]> {
  const tenantIds = [...new Set(uses.map((use) => use.tenantId))];
  const rows = await client.query<{
    tenant_id: string;
    currency: string;
    remaining: string;
    granted: string;
    newest_grant: string;
  }>(
    `SELECT tenant_id, currency, sum(remaining)::text AS remaining, sum(amount)::text AS granted,
            (array_agg(id::text ORDER BY granted_at DESC, id DESC))[1] AS newest_grant
       FROM credit_grants
      WHERE tenant_id = ANY($1::uuid[]) AND voided_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      GROUP BY tenant_id, currency`,
    [tenantIds],
  );
  const used = new Set(uses.map((use) => `${use.tenantId}|${use.currency}`));
  const alerts: AlertRecord[] = [];
  for (const row of rows.rows) {
    const currency = row.currency.trim();
    if (!used.has(`${row.tenant_id}|${currency}`)) continue;
    const remaining = money(row.remaining);
    const granted = money(row.granted);
    const payload = {
      currency,
      remaining: toDecimalString(remaining),
      granted: toDecimalString(granted),
      newest_grant_id: row.newest_grant,
    };
    if (remaining.lte(granted.times(LOW_CREDIT_SHARE))) {
      alerts.push({
        tenantId: row.tenant_id,
        kind: CREDIT_LOW_ALERT,
        dedupeKey: `credit_low:${currency}:${row.newest_grant}`,
        payload,
      });
    }
    if (remaining.lte(0)) {
      alerts.push({
        tenantId: row.tenant_id,
        kind: CREDIT_EXHAUSTED_ALERT,
        dedupeKey: `credit_exhausted:${currency}:${row.newest_grant}`,
        payload,
      });
    }
  }
  return alerts;
}
