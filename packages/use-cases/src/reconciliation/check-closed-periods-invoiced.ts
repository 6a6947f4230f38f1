import { INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { findingsOf, type AmountRow, type CheckResult } from "./finding.ts";

/**
 * The other side of invoice vs ledger: a closed billing period (before the tenant's billed_through) whose period
 * totals bill something in a currency must have an invoice for it (finalized, paid, or void: a void one is the
 * operator's decision and its regeneration is checked as an invoice). A close writes one invoice per currency with
 * billable totals, and entries written after it are billed on the next open period, so totals without any invoice
 * mean an invoice was lost or totals were added to a closed period.
 *
 * Cost: one statement per page of tenants: the period totals by primary key prefix (tenant, billed period), each
 * group's invoice looked up by (tenant_id, period_start, currency).
 */
export async function checkClosedPeriodsInvoiced(
  db: DbOrTx,
  tenantIds: readonly string[],
  periodsFrom: Date,
): Promise<CheckResult> {
  if (tenantIds.length === 0) return { checked: 0, findings: [] };
  const rows = await db.$queryRaw<AmountRow[]>`
    SELECT p.tenant_id::text AS tenant_id, p.billed_period_start AS period_start, trim(p.currency) AS currency,
           sum(CASE WHEN p.kind::text = ${INVOICE_CREDIT_KIND} THEN -p.amount ELSE p.amount END)::text AS expected,
           '0' AS actual
      FROM ledger_period_totals p
      JOIN tenants t ON t.id = p.tenant_id
     WHERE p.tenant_id = ANY(${tenantIds}::uuid[]) AND p.billed_period_start >= billing_period_start(${periodsFrom}, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at)
       AND p.billed_period_start < t.billed_through
       AND p.kind::text = ANY(${[...INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND]}::text[])
       AND NOT EXISTS (SELECT 1 FROM invoices i
                        WHERE i.tenant_id = p.tenant_id AND i.period_start = p.billed_period_start
                          AND i.currency = p.currency)
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3`;
  return {
    checked: tenantIds.length,
    findings: findingsOf("invoice_vs_ledger", rows, () => "closed period with billable totals but no invoice"),
  };
}
