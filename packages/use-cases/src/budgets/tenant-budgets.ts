import { AppError, TENANT_BUDGET_SCOPES, type TenantBudgetScope } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import { inTransaction, lockTenant, parseField, requireCurrency } from "../shared/change-context.ts";
import { recountBudgetSpend } from "./budget-spend.ts";
import {
  DEFAULT_BUDGET_THRESHOLDS,
  budgetAuditRecord,
  lockBudget,
  positiveAmount,
  toView,
  validateThresholds,
  type BudgetView,
} from "./budget-row.ts";
import { validScopeRef } from "./create-budget.ts";
import { assertWithinAllowance, loadTenantBudgetAllowance } from "./tenant-budget-allowance.ts";

// The scopes a tenant may budget itself live in the domain (the console's form and the api share them).
export { TENANT_BUDGET_SCOPES, type TenantBudgetScope };

export interface TenantBudgetInput {
  scope: TenantBudgetScope;
  scopeRef: string;
  amount: string;
  currency: string;
  thresholds?: readonly number[] | undefined;
  hardLimit?: boolean | undefined;
}

/** A budget the tenant set itself; an operator's is `forbidden` to the tenant. */
async function lockTenantOwnBudget(tx: DbTx, tenantId: string, budgetId: string): Promise<BudgetView> {
  const before = toView(await lockBudget(tx, tenantId, budgetId));
  if (before.managedBy !== "tenant") {
    throw new AppError("forbidden", "this budget was set by your operator; only they can change it");
  }
  return before;
}

/**
 * A tenant admin sets a monthly budget for one of its API keys or customers, soft or hard, within what the operator
 * allows (`assertWithinAllowance`). Marked `managed_by = tenant`; spend so far this month is counted at once, as for
 * an operator's budget. `conflict` when that key or customer has a budget already. Audited.
 */
export async function createTenantBudget(
  db: DbOrTx,
  tenantId: string,
  input: TenantBudgetInput,
  actor: Principal,
): Promise<BudgetView> {
  if (!(TENANT_BUDGET_SCOPES as readonly string[]).includes(input.scope)) {
    throw new AppError("bad_request", `scope: must be one of ${TENANT_BUDGET_SCOPES.join(", ")}`);
  }
  const amount = parseField(positiveAmount, input.amount, "amount");
  const currency = requireCurrency(input.currency);
  const thresholds = validateThresholds(input.thresholds ?? DEFAULT_BUDGET_THRESHOLDS);
  const hardLimit = input.hardLimit ?? false;
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    assertWithinAllowance(await loadTenantBudgetAllowance(tx, tenantId), { amount, hardLimit });
    const scopeRef = await validScopeRef(tx, tenantId, input.scope, input.scopeRef);
    const existing = await tx.budget.findUnique({
      where: { tenantId_scope_scopeRef_period: { tenantId, scope: input.scope, scopeRef, period: "month" } },
    });
    if (existing) {
      throw new AppError(
        "conflict",
        `this ${input.scope} has a monthly budget already (${existing.id}); change that one`,
      );
    }
    const view = toView(
      await tx.budget.create({
        data: { tenantId, scope: input.scope, scopeRef, amount, currency, thresholds, hardLimit, managedBy: "tenant" },
      }),
    );
    await recountBudgetSpend(tx, view, new Date());
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "budget.create",
      tenantId,
      targetType: "budget",
      targetId: view.id,
      before: null,
      after: budgetAuditRecord(view),
    });
    return view;
  });
}

/**
 * Changes a budget the tenant set itself (amount, currency, thresholds, hard limit); the result must be within the
 * operator's allowance as it is now. An operator's budget is `forbidden`. Audited.
 */
export async function updateTenantBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  input: {
    amount?: string | undefined;
    currency?: string | undefined;
    thresholds?: readonly number[] | undefined;
    hardLimit?: boolean | undefined;
  },
  actor: Principal,
): Promise<BudgetView> {
  const { amount: newAmount, currency: newCurrency, thresholds: newThresholds, hardLimit } = input;
  if ([newAmount, newCurrency, newThresholds, hardLimit].every((value) => value === undefined)) {
    throw new AppError("bad_request", "nothing to change: send amount, currency, thresholds and/or hardLimit");
  }
  const amount = input.amount === undefined ? undefined : parseField(positiveAmount, input.amount, "amount");
  const currency = input.currency === undefined ? undefined : requireCurrency(input.currency);
  const thresholds = input.thresholds === undefined ? undefined : validateThresholds(input.thresholds);
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await lockTenantOwnBudget(tx, tenantId, budgetId);
    assertWithinAllowance(await loadTenantBudgetAllowance(tx, tenantId), {
      amount: amount ?? before.amount,
      hardLimit: input.hardLimit ?? before.hardLimit,
    });
    const view = toView(
      await tx.budget.update({
        where: { id: budgetId },
        data: {
          ...(amount === undefined ? {} : { amount }),
          ...(currency === undefined ? {} : { currency }),
          ...(thresholds === undefined ? {} : { thresholds }),
          ...(input.hardLimit === undefined ? {} : { hardLimit: input.hardLimit }),
        },
      }),
    );
    await recountBudgetSpend(tx, view, new Date());
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "budget.update",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      before: budgetAuditRecord(before),
      after: budgetAuditRecord(view),
    });
    return view;
  });
}

/**
 * Deletes a budget the tenant set itself (allowed even after the operator withdrew the allowance: removing a limit
 * one set is always possible). An operator's budget is `forbidden`. Audited.
 */
export async function deleteTenantBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  actor: Principal,
): Promise<BudgetView> {
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await lockTenantOwnBudget(tx, tenantId, budgetId);
    await tx.budget.delete({ where: { id: budgetId } });
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "budget.delete",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      before: budgetAuditRecord(before),
      after: null,
    });
    return before;
  });
}
