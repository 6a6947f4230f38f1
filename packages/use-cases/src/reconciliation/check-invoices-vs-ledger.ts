import { INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND, invoiceDrifts } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import type { CheckResult } from "./finding.ts";

interface InvoiceRow {
  tenant_id: string;
  number: string | null;
  period_start: Date;
  currency: string;
  subtotal: string;
  credits_applied: string;
  tax: string;
  total: string;
  lines_exact: string;
  lines_rounded: string;
  billed: string;
}

/**
 * Invoice vs ledger: every finalized or paid invoice of the recent periods must bill exactly the ledger period
 * totals of its billed period and currency (charge kinds added, credit usage subtracted, as buildInvoiceDrafts
 * counts them), and add up: rounded lines = subtotal + credits applied, total = that + tax. Void invoices are left
 * out (their regenerated successor bills the period).
 *
 * Cost: one statement per page of tenants: invoices by the live-invoice index (tenant_id, period_start, currency),
 * their lines by (invoice_id, position), the period totals by their primary key prefix (tenant, billed period).
 * Invoices are immutable once finalized, and a closed period's totals never change (later entries are billed on
 * the next open period), so there is no race with writers.
 */
export async function checkInvoicesVsLedger(
  db: DbOrTx,
  tenantIds: readonly string[],
  periodsFrom: Date,
): Promise<CheckResult> {
  if (tenantIds.length === 0) return { checked: 0, findings: [] };
  const rows = await db.$queryRaw<InvoiceRow[]>`
    SELECT i.tenant_id::text AS tenant_id, i.number, i.period_start, trim(i.currency) AS currency,
           i.subtotal::text AS subtotal, i.credits_applied::text AS credits_applied, i.tax::text AS tax,
           i.total::text AS total, lines.exact::text AS lines_exact, lines.rounded::text AS lines_rounded,
           billed.amount::text AS billed
      FROM invoices i
      JOIN tenants t ON t.id = i.tenant_id
     CROSS JOIN LATERAL (
       SELECT coalesce(sum(l.exact_amount), 0) AS exact, coalesce(sum(l.amount), 0) AS rounded
         FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
     CROSS JOIN LATERAL (
       SELECT coalesce(sum(CASE WHEN p.kind::text = ${INVOICE_CREDIT_KIND} THEN -p.amount ELSE p.amount END), 0)
                AS amount
         FROM ledger_period_totals p
        WHERE p.tenant_id = i.tenant_id AND p.billed_period_start = i.period_start AND p.currency = i.currency
          AND p.kind::text = ANY(${[...INVOICE_CHARGE_KINDS, INVOICE_CREDIT_KIND]}::text[])) AS billed
     WHERE i.tenant_id = ANY(${tenantIds}::uuid[]) AND i.period_start >= billing_period_start(${periodsFrom}, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at)
       -- Finalized and paid: written as <> so the partial live-invoice index (status <> 'void') applies.
       AND i.status <> 'void' AND i.status <> 'draft'
     ORDER BY 1, 3, 4`;
  return {
    checked: rows.length,
    findings: rows.flatMap((row) =>
      invoiceDrifts(
        {
          subtotal: row.subtotal,
          creditsApplied: row.credits_applied,
          tax: row.tax,
          total: row.total,
          linesExact: row.lines_exact,
          linesRounded: row.lines_rounded,
        },
        row.billed,
      ).map((drift) => ({
        check: "invoice_vs_ledger" as const,
        tenantId: row.tenant_id,
        periodStart: row.period_start,
        currency: row.currency,
        expected: drift.expected,
        actual: drift.actual,
        difference: drift.difference,
        detail: `invoice ${row.number ?? "(unnumbered)"}: ${drift.detail}`,
      })),
    ),
  };
}
