import { RECONCILIATION_CHECKS, recentBillingPeriods, type ReconciliationCheck } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { checkClosedPeriodsInvoiced } from "./check-closed-periods-invoiced.ts";
import { checkInvoicesVsLedger } from "./check-invoices-vs-ledger.ts";
import { checkLedgerVsEvents } from "./check-ledger-vs-events.ts";
import { checkLedgerVsPeriodTotals } from "./check-ledger-vs-period-totals.ts";
import type { CheckResult, ReconciliationFinding } from "./finding.ts";
import { tenantPage } from "./tenant-pages.ts";

export interface ReconciliationOptions {
  now?: Date;
  /** Billing periods checked before the current one (default 2). */
  previousPeriods?: number;
  /** Tenants per statement (default 200). */
  pageSize?: number;
  /**
   * At most this many tenants get their events summed per run (default 2,000: 10,000 tenants are covered every
   * five runs); the next run continues after the last one. The other checks read aggregates and cover every tenant.
   */
  eventTenantsPerRun?: number;
}

export interface ReconciliationRunResult {
  id: string;
  status: "clean" | "drift";
  periodsFrom: Date;
  tenantsChecked: number;
  eventPeriodsChecked: number;
  invoicesChecked: number;
  findingsCount: number;
  findingsByCheck: Record<ReconciliationCheck, number>;
  /** The first findings (at most 20), for the log line; all of them are stored. */
  sample: ReconciliationFinding[];
}

const SAMPLE_SIZE = 20;
const ABANDONED_AFTER_MS = 86_400_000;

/**
 * Runs every reconciliation check over the current and previous billing periods and records the run and its
 * findings (reconciliation_runs, reconciliation_findings). Each check is one statement per page of tenants, so
 * what a check compares is read under one snapshot; the run itself is not one transaction (it would hold a
 * snapshot for minutes). A run that fails is recorded as failed, with its error, and the error rethrown.
 */
export async function runReconciliation(db: Db, options: ReconciliationOptions = {}): Promise<ReconciliationRunResult> {
  const now = options.now ?? new Date();
  const previousPeriods = options.previousPeriods ?? 2;
  // Calendar months here; each check starts a tenant at its own period containing this instant (its anchor day).
  const periodsFrom = recentBillingPeriods(now, previousPeriods)[0]?.start ?? now;
  const pageSize = options.pageSize ?? 200;
  await failAbandonedRuns(db);
  const run = await db.reconciliationRun.create({ data: { periodsFrom }, select: { id: true } });
  const result: ReconciliationRunResult = {
    id: run.id,
    status: "clean",
    periodsFrom,
    tenantsChecked: 0,
    eventPeriodsChecked: 0,
    invoicesChecked: 0,
    findingsCount: 0,
    findingsByCheck: Object.fromEntries(RECONCILIATION_CHECKS.map((check) => [check, 0])) as Record<
      ReconciliationCheck,
      number
    >,
    sample: [],
  };
  const record = async (checked: CheckResult): Promise<number> => {
    if (checked.findings.length > 0) {
      await db.reconciliationFinding.createMany({ data: checked.findings.map((f) => ({ ...f, runId: run.id })) });
      for (const finding of checked.findings) result.findingsByCheck[finding.check] += 1;
      result.findingsCount += checked.findings.length;
      result.sample.push(...checked.findings.slice(0, SAMPLE_SIZE - result.sample.length));
    }
    return checked.checked;
  };
  try {
    let afterId: string | null = null;
    do {
      const page = await tenantPage(db, afterId, pageSize);
      const ids = page.map((tenant) => tenant.id);
      result.tenantsChecked += page.length;
      await record(await checkLedgerVsPeriodTotals(db, ids, periodsFrom));
      result.invoicesChecked += await record(await checkInvoicesVsLedger(db, ids, periodsFrom));
      await record(await checkClosedPeriodsInvoiced(db, ids, periodsFrom));
      afterId = page.length < pageSize ? null : (page.at(-1)?.id ?? null);
    } while (afterId !== null);
    const bound = options.eventTenantsPerRun ?? 2000;
    afterId = await eventsResumePoint(db);
    for (let scanned = 0; scanned < bound;) {
      const want = Math.min(pageSize, bound - scanned);
      const page = await tenantPage(db, afterId, want);
      result.eventPeriodsChecked += await record(await checkLedgerVsEvents(db, page, now, previousPeriods));
      scanned += page.length;
      // A short page is the end of the tenants: the next run starts again at the first.
      afterId = page.length < want ? null : (page.at(-1)?.id ?? null);
      if (afterId === null) break;
    }
    result.status = result.findingsCount > 0 ? "drift" : "clean";
    await db.reconciliationRun.update({
      where: { id: run.id },
      data: {
        finishedAt: new Date(),
        status: result.status,
        tenantsChecked: result.tenantsChecked,
        eventPeriodsChecked: result.eventPeriodsChecked,
        invoicesChecked: result.invoicesChecked,
        findingsCount: result.findingsCount,
        eventsResumeAfter: afterId,
      },
    });
    return result;
  } catch (error) {
    await db.reconciliationRun.update({
      where: { id: run.id },
      data: { finishedAt: new Date(), status: "failed", error: String(error).slice(0, 2000) },
    });
    throw error;
  }
}

/** A run still `running` a day after it started was cut short (its worker stopped); it is recorded as failed. */
async function failAbandonedRuns(db: Db): Promise<void> {
  await db.reconciliationRun.updateMany({
    where: { status: "running", startedAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
    data: { status: "failed", finishedAt: new Date(), error: "interrupted: the run never finished" },
  });
}

/** Where the last completed run's event check stopped (null: at the first tenant). */
async function eventsResumePoint(db: Db): Promise<string | null> {
  const last = await db.reconciliationRun.findFirst({
    where: { status: { in: ["clean", "drift"] } },
    orderBy: { startedAt: "desc" },
    select: { eventsResumeAfter: true },
  });
  return last?.eventsResumeAfter ?? null;
}
