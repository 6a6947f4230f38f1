import type { Drift, ReconciliationCheck } from "@tollgate/domain";

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
  /** Tenant-periods (events, period totals) or invoices compared. */
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
}
