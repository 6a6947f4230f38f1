import { recentBillingPeriods } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { findingsOf, type AmountRow, type CheckResult } from "./finding.ts";
import type { PageTenant } from "./tenant-pages.ts";

/**
 * Ledger vs rated events: per tenant, billing period of occurrence (from its anchor day) and currency, Σ usage_events.amount of the
 * rated events must equal Σ usage_charge ledger entries (the worker writes both in one transaction, as exact sums).
 *
 * Cost: the only check that reads events. For each (tenant, period) of the page, two index range scans under one
 * snapshot (one statement, so a job committing meanwhile is seen whole or not at all): usage_events by
 * (tenant_id, occurred_at, event_id), reading the heap for the amount, and ledger_entries by
 * (tenant_id, occurred_at). Work is linear in the page's events of the recent periods, so the run bounds how many
 * tenants it scans (see runReconciliation) and the next run continues after the last one.
 */
export async function checkLedgerVsEvents(
  db: DbOrTx,
  tenants: readonly PageTenant[],
  now: Date,
  previousPeriods: number,
): Promise<CheckResult> {
  if (tenants.length === 0) return { checked: 0, findings: [] };
  // Each tenant's own periods: the one containing `now` and the previous ones, from its anchor day.
  const periods = tenants.flatMap((tenant) =>
    recentBillingPeriods(now, previousPeriods, tenant.anchor).map((period) => ({ id: tenant.id, ...period })),
  );
  const rows = await db.$queryRaw<AmountRow[]>`
    SELECT t.tenant_id::text AS tenant_id, t.start AS period_start, c.currency, c.expected, c.actual
      FROM unnest(${periods.map((p) => p.id)}::uuid[], ${periods.map((p) => p.start.toISOString())}::timestamptz[],
                  ${periods.map((p) => p.end.toISOString())}::timestamptz[]) AS t(tenant_id, start, finish)
     CROSS JOIN LATERAL (
       SELECT currency, sum(from_events)::text AS expected, sum(from_ledger)::text AS actual
         FROM (SELECT trim(e.currency) AS currency, e.amount AS from_events, 0 AS from_ledger
                 FROM usage_events e
                WHERE e.tenant_id = t.tenant_id AND e.occurred_at >= t.start AND e.occurred_at < t.finish
                  AND e.rating_status = 'rated'
               UNION ALL
               SELECT trim(l.currency), 0, l.amount
                 FROM ledger_entries l
                WHERE l.tenant_id = t.tenant_id AND l.occurred_at >= t.start AND l.occurred_at < t.finish
                  AND l.kind = 'usage_charge') AS sides
        GROUP BY currency
       HAVING sum(from_events) <> sum(from_ledger)) AS c
     ORDER BY 1, 2, 3`;
  return {
    checked: periods.length,
    findings: findingsOf(
      "ledger_vs_events",
      rows,
      () => "Σ rated usage_events.amount (expected) vs Σ usage_charge ledger entries (actual)",
    ),
  };
}
