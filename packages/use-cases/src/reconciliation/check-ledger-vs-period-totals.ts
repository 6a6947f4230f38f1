import type { DbOrTx } from "@tollgate/db";
import { findingsOf, type AmountRow, type CheckResult } from "./finding.ts";

/**
 * Ledger vs period totals (the trigger's bookkeeping): per tenant, origin billing period, kind and currency,
 * Σ ledger_entries.amount must equal Σ ledger_period_totals.amount of that origin period over every billed period
 * (late usage is billed on a later period but keeps its origin).
 *
 * Cost: one statement per page of tenants, under one snapshot (the trigger writes both sides in the writer's
 * transaction): ledger_entries by (tenant_id, occurred_at) from the oldest period checked, and
 * ledger_period_totals by its primary key's tenant_id prefix (a handful of rows per tenant, model and month).
 * Ledger lines are hourly aggregates (one per job, hour, model and line kind), far fewer than events.
 */
export async function checkLedgerVsPeriodTotals(
  db: DbOrTx,
  tenantIds: readonly string[],
  periodsFrom: Date,
): Promise<CheckResult> {
  if (tenantIds.length === 0) return { checked: 0, findings: [] };
  const rows = await db.$queryRaw<AmountRow[]>`
    WITH page AS (
      -- Each tenant from the start of its own billing period (its anchor schedule) containing periodsFrom.
      SELECT id, billing_anchor_day AS anchor_day, next_billing_anchor_day AS next_day,
             billing_anchor_changes_at AS changes_at,
             billing_period_start(${periodsFrom}, billing_anchor_day, next_billing_anchor_day,
                                  billing_anchor_changes_at) AS since
        FROM tenants WHERE id = ANY(${tenantIds}::uuid[])),
    ledger AS (
      SELECT l.tenant_id, billing_period_start(l.occurred_at, page.anchor_day, page.next_day, page.changes_at) AS period_start, l.kind::text AS kind,
             trim(l.currency) AS currency, sum(l.amount) AS amount
        FROM page JOIN ledger_entries l ON l.tenant_id = page.id AND l.occurred_at >= page.since
       GROUP BY 1, 2, 3, 4),
    totals AS (
      SELECT p.tenant_id, p.origin_period_start AS period_start, p.kind::text AS kind, trim(p.currency) AS currency,
             sum(p.amount) AS amount
        FROM page JOIN ledger_period_totals p ON p.tenant_id = page.id AND p.origin_period_start >= page.since
       GROUP BY 1, 2, 3, 4)
    SELECT tenant_id::text AS tenant_id, period_start, kind, currency,
           coalesce(ledger.amount, 0)::text AS expected, coalesce(totals.amount, 0)::text AS actual
      FROM ledger FULL JOIN totals USING (tenant_id, period_start, kind, currency)
     WHERE coalesce(ledger.amount, 0) <> coalesce(totals.amount, 0)
     ORDER BY 1, 2, 3, 4`;
  return {
    checked: tenantIds.length,
    findings: findingsOf(
      "ledger_vs_period_totals",
      rows,
      (row) =>
        `kind ${row.kind ?? ""}: Σ ledger entries (expected) vs Σ ledger_period_totals over billed periods (actual)`,
    ),
  };
}
