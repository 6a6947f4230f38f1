import type { ReconciliationCheck } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

export interface ReconciliationFindingView {
  check: ReconciliationCheck;
  tenantId: string;
  periodStart: string;
  currency: string;
  expected: string;
  actual: string;
  difference: string;
  detail: string;
}

export interface ReconciliationRunView {
  id: string;
  status: "running" | "clean" | "drift" | "failed";
  startedAt: string;
  finishedAt: string | null;
  periodsFrom: string;
  tenantsChecked: number;
  eventPeriodsChecked: number;
  invoicesChecked: number;
  findingsCount: number;
  error: string | null;
  /** The run's first findings (at most `findingsPerRun`), by check, tenant and period. */
  findings: ReconciliationFindingView[];
}

/**
 * The latest reconciliation runs, newest first, each with its findings: the operators' drift alerts. A run lists
 * at most `findingsPerRun` findings (findingsCount says how many there were).
 */
export async function listReconciliationRuns(
  db: DbOrTx,
  options: { limit: number; findingsPerRun: number },
): Promise<ReconciliationRunView[]> {
  const runs = await db.reconciliationRun.findMany({
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: options.limit,
    include: {
      findings: {
        orderBy: [{ check: "asc" }, { tenantId: "asc" }, { periodStart: "asc" }, { id: "asc" }],
        take: options.findingsPerRun,
      },
    },
  });
  return runs.map((run) => ({
    id: run.id,
    status: run.status as ReconciliationRunView["status"],
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    periodsFrom: run.periodsFrom.toISOString(),
    tenantsChecked: run.tenantsChecked,
    eventPeriodsChecked: run.eventPeriodsChecked,
    invoicesChecked: run.invoicesChecked,
    findingsCount: run.findingsCount,
    error: run.error,
    findings: run.findings.map((finding) => ({
      check: finding.check as ReconciliationCheck,
      tenantId: finding.tenantId,
      periodStart: finding.periodStart.toISOString(),
      currency: finding.currency.trim(),
      expected: decimalText(finding.expected),
      actual: decimalText(finding.actual),
      difference: decimalText(finding.difference),
      detail: finding.detail,
    })),
  }));
}
