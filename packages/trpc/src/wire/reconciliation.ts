// The REST API's snake_case shapes of reconciliation runs and their findings.
import type { ReconciliationRunView } from "@tollgate/use-cases/reconciliation";

export function reconciliationRunJson(run: ReconciliationRunView) {
  return {
    id: run.id,
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    periods_from: run.periodsFrom,
    tenants_checked: run.tenantsChecked,
    event_periods_checked: run.eventPeriodsChecked,
    invoices_checked: run.invoicesChecked,
    findings_count: run.findingsCount,
    error: run.error,
    findings: run.findings.map((finding) => ({
      check: finding.check,
      tenant_id: finding.tenantId,
      period_start: finding.periodStart,
      currency: finding.currency,
      expected: finding.expected,
      actual: finding.actual,
      difference: finding.difference,
      detail: finding.detail,
    })),
  };
}
