import { billingPeriodStart, money, toDecimalString } from "@tollgate/domain";
import { anchorOfTenant, TENANT_ANCHOR_SELECT } from "../shared/tenant-anchor.ts";
import type { DbOrTx } from "@tollgate/db";
import { loadBudgetSpends } from "./budget-spend.ts";
import type { BudgetView } from "./budget-row.ts";
import { listBudgets } from "./list-budgets.ts";
import { loadTenantBudgetAllowance, type TenantBudgetAllowance } from "./tenant-budget-allowance.ts";

export interface BudgetWithSpend extends BudgetView {
  /** Rated usage it covers this period (after discounts, before credits), exact: the worker's spend counter. */
  spent: string;
}

/**
 * The tenant's budgets (the operator's and its own) with spend against each for the current billing period, and
 * what the operator allows the tenant to set. `not_found` for an unknown tenant.
 */
export async function listBudgetsWithSpend(
  db: DbOrTx,
  tenantId: string,
  now = new Date(),
): Promise<{ periodStart: Date; allowance: TenantBudgetAllowance; budgets: BudgetWithSpend[] }> {
  const budgets = await listBudgets(db, tenantId);
  // Monthly budgets follow the tenant's billing period (its anchor day), as the worker's spend counters do.
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: TENANT_ANCHOR_SELECT });
  const periodStart = billingPeriodStart(now, tenant ? anchorOfTenant(tenant) : 1);
  const spends = await loadBudgetSpends(
    db,
    tenantId,
    budgets.map((budget) => budget.id),
    periodStart,
  );
  return {
    periodStart,
    allowance: await loadTenantBudgetAllowance(db, tenantId),
    budgets: budgets.map((budget) => ({ ...budget, spent: toDecimalString(spends.get(budget.id) ?? money("0")) })),
  };
}
