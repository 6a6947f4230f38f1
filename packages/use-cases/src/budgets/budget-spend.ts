import {
  billingPeriodStart,
  budgetScopeFilter,
  budgetThresholdAlert,
  meterKeys,
  money,
  reachedThresholds,
  toDecimalString,
  type AlertRecord,
  type Money,
} from "@tollgate/domain";
import type { DbOrTx, DbTx, Prisma } from "@tollgate/db";
import { anchorOfTenant, TENANT_ANCHOR_SELECT } from "../shared/tenant-anchor.ts";
import type { BudgetView } from "./budget-row.ts";

/**
 * The advisory lock class of "usage is being recorded for this tenant". Usage jobs hold it shared, first in their
 * transaction (they never wait for each other); setting a budget holds it exclusively while it counts the period's
 * spend so far, so no job can record usage that neither that count nor the job's own budget update includes.
 */
export const TENANT_USAGE_LOCK_CLASS = 7401;

export async function lockTenantUsageExclusive(tx: DbTx, tenantId: string): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(${TENANT_USAGE_LOCK_CLASS.toString()}, hashtext($1))::text`,
    tenantId,
  );
}

/**
 * Sets a budget's spend counter for the current billing period to the rated usage it covers so far (same currency, after
 * discounts, before credits) and raises the alerts for thresholds already reached. Called when a budget is created
 * or changed: from then on the worker adds each job's usage to the counter. Returns the spend.
 */
export async function recountBudgetSpend(tx: DbTx, budget: BudgetView, now: Date): Promise<Money> {
  await lockTenantUsageExclusive(tx, budget.tenantId);
  // Monthly budgets follow the tenant's billing period (its anchor day).
  const tenant = await tx.tenant.findUnique({ where: { id: budget.tenantId }, select: TENANT_ANCHOR_SELECT });
  const periodStart = billingPeriodStart(now, tenant ? anchorOfTenant(tenant) : 1);
  // The budget scope rule (budgetCovers), as the columns a covered row matches.
  const scope = budgetScopeFilter(budget);
  const rows = await tx.$queryRaw<{ spent: string | null; events: bigint }[]>`
    SELECT sum(amount)::text AS spent, count(*) AS events FROM usage_events
     WHERE tenant_id = ${budget.tenantId}::uuid AND occurred_at >= ${periodStart}
       AND rating_status = 'rated' AND currency = ${budget.currency}
       AND (${scope.apiKeyId}::text IS NULL OR api_key_id::text = ${scope.apiKeyId})
       AND (${scope.customer}::text IS NULL OR customer = ${scope.customer})`;
  const spent = money(rows[0]?.spent ?? "0");
  await tx.$executeRaw`
    INSERT INTO usage_period_counters (tenant_id, period_start, meter, quantity, amount)
    VALUES (${budget.tenantId}::uuid, ${periodStart}, ${meterKeys.budget(budget.id)}, ${rows[0]?.events ?? 0n},
            ${toDecimalString(spent)}::numeric)
    ON CONFLICT (tenant_id, period_start, meter)
      DO UPDATE SET quantity = EXCLUDED.quantity, amount = EXCLUDED.amount, updated_at = now()`;
  const alerts = reachedThresholds(money(budget.amount), spent, budget.thresholds).map((threshold) =>
    budgetThresholdAlert({ ...budget, amount: money(budget.amount) }, periodStart, threshold, spent),
  );
  await insertAlertRecords(tx, alerts);
  return spent;
}

/** Alerts, once each per (tenant, dedupe key). */
export async function insertAlertRecords(tx: DbOrTx, alerts: readonly AlertRecord[]): Promise<void> {
  if (alerts.length === 0) return;
  await tx.alert.createMany({
    data: alerts.map((alert) => ({
      tenantId: alert.tenantId,
      kind: alert.kind,
      dedupeKey: alert.dedupeKey,
      // Alert payloads are built from strings, numbers and booleans only (budgetThresholdAlert, credit alerts).
      payload: alert.payload as Prisma.InputJsonObject,
    })),
    skipDuplicates: true,
  });
}

/** The spend counters of these budgets in a period (missing ones are 0): what hard limits start from. */
export async function loadBudgetSpends(
  db: DbOrTx,
  tenantId: string,
  budgetIds: readonly string[],
  periodStart: Date,
): Promise<Map<string, Money>> {
  if (budgetIds.length === 0) return new Map();
  const rows = await db.usagePeriodCounter.findMany({
    where: { tenantId, periodStart, meter: { in: budgetIds.map((id) => meterKeys.budget(id)) } },
    select: { meter: true, amount: true },
  });
  const spends = new Map(budgetIds.map((id) => [id, money("0")]));
  for (const row of rows) spends.set(row.meter.slice("budget:".length), money(row.amount.toFixed()));
  return spends;
}
