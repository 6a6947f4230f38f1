import { driftBetween, type Drift, type ReconciliationCheck } from "@tollgate/domain";

/** One difference a check found, for one tenant, billing period and currency. */
export interface ReconciliationFinding extends Drift {
  check: ReconciliationCheck;
  tenantId: string;
  periodStart: Date;
  currency: string;
  detail: string;
}

/** What a check looked at in one page of tenants, and what it found. */
export interface CheckResult {
  /** What was compared: tenant-periods (events), tenants (period totals) or invoices. */
  checked: number;
  findings: ReconciliationFinding[];
}

/** A total's row as the checks' SQL returns it: exact decimals as text. */
export interface AmountRow {
  tenant_id: string;
  period_start: Date;
  currency: string;
  expected: string;
  actual: string;
  /** The ledger kind, for the period-totals check. */
  kind?: string;
}

/** The rows whose amounts differ, as findings of `check` (the SQL already left out equal ones). */
export function findingsOf(
  check: ReconciliationCheck,
  rows: readonly AmountRow[],
  detail: (row: AmountRow) => string,
): ReconciliationFinding[] {
  return rows.flatMap((row) => {
    const drift = driftBetween(row.expected, row.actual);
    if (!drift) return [];
    return [
      {
        check,
        tenantId: row.tenant_id,
        periodStart: row.period_start,
        currency: row.currency,
        ...drift,
        detail: detail(row),
      },
    ];
  });
}
