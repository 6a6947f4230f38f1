import { AppError, money } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

/** What an operator allows a tenant's admins to set themselves (tenant billing settings). */
export interface TenantBudgetAllowance {
  /** Tenant admins may create, change and delete their own per-key and per-customer budgets. */
  allowed: boolean;
  /** The largest amount a tenant-set budget may have, in its currency; null: no maximum. */
  maxAmount: string | null;
  /** A tenant-set budget may be a hard limit (spending stops at 100 %), not only alerts. */
  hardLimitsAllowed: boolean;
}

export async function loadTenantBudgetAllowance(db: DbOrTx, tenantId: string): Promise<TenantBudgetAllowance> {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { tenantBudgetsAllowed: true, tenantBudgetMaxAmount: true, tenantHardBudgetsAllowed: true },
  });
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
  return {
    allowed: tenant.tenantBudgetsAllowed,
    maxAmount: tenant.tenantBudgetMaxAmount === null ? null : decimalText(tenant.tenantBudgetMaxAmount),
    hardLimitsAllowed: tenant.tenantHardBudgetsAllowed,
  };
}

/**
 * Refuses a tenant-set budget outside the operator's allowance: tenant budgets not enabled or a hard limit not
 * allowed (`forbidden`), an amount above the maximum (`bad_request`, naming the maximum).
 */
export function assertWithinAllowance(
  allowance: TenantBudgetAllowance,
  budget: { amount: string; hardLimit: boolean },
): void {
  if (!allowance.allowed) {
    throw new AppError("forbidden", "your operator has not enabled budgets set by tenants; ask them to");
  }
  if (budget.hardLimit && !allowance.hardLimitsAllowed) {
    throw new AppError(
      "forbidden",
      "hard_limit: hard limits are not enabled for your tenant; set a soft budget (alerts only)",
    );
  }
  if (allowance.maxAmount !== null && money(budget.amount).gt(money(allowance.maxAmount))) {
    throw new AppError("bad_request", `amount: at most ${allowance.maxAmount}, the maximum your operator allows`);
  }
}
