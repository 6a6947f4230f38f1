import type { DbOrTx } from "@tollgate/db";

export interface DueClose {
  tenantId: string;
  periodStart: Date;
}

/**
 * One page of tenants (in id order, after `afterId`) and, for those whose first open billing period is due — ended
 * and past the tenant's grace period — that period. Pages walk every tenant, so a scan of 10,000 tenants is 10
 * queries of 1,000; `lastId` is where the next page starts (null after the last).
 */
export async function tenantsDueForClose(
  db: DbOrTx,
  now: Date,
  page: { afterId: string | null; limit: number },
): Promise<{ due: DueClose[]; lastId: string | null }> {
  const rows = await db.$queryRaw<{ id: string; open_start: Date; is_due: boolean }[]>`
    WITH page AS (
      SELECT t.id, t.invoice_grace_hours, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at,
             coalesce(t.billed_through, billing_period_start(least(t.created_at,
               (SELECT min(p.billed_period_start) FROM ledger_period_totals p WHERE p.tenant_id = t.id)),
               t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at)) AS open_start
        FROM tenants t
       WHERE ${page.afterId}::uuid IS NULL OR t.id > ${page.afterId}::uuid
       ORDER BY t.id
       LIMIT ${page.limit})
    SELECT id::text AS id, open_start,
           billing_period_end(open_start, billing_anchor_day, next_billing_anchor_day,
                              billing_anchor_changes_at) + make_interval(hours => invoice_grace_hours) <= ${now} AS is_due
      FROM page ORDER BY id`;
  return {
    due: rows.filter((row) => row.is_due).map((row) => ({ tenantId: row.id, periodStart: row.open_start })),
    lastId: rows.length < page.limit ? null : (rows.at(-1)?.id ?? null),
  };
}
