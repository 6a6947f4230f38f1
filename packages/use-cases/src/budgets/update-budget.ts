import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { recountBudgetSpend } from "./budget-spend.ts";
import {
  inTransaction,
  lockTenant,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import {
  type BudgetView,
  toView,
  budgetAuditRecord,
  positiveAmount,
  validateThresholds,
  lockBudget,
} from "./budget-row.ts";

export interface UpdateBudgetInput {
  amount?: string | undefined;
  currency?: string | undefined;
  thresholds?: readonly number[] | undefined;
  hardLimit?: boolean | undefined;
}

/** Changes a budget's amount, currency, thresholds and/or hard limit (its scope is fixed). Audited. */
export async function updateBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  input: UpdateBudgetInput,
  context: ChangeContext,
): Promise<BudgetView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  if (Object.values(input).every((value) => value === undefined)) {
    throw new AppError("bad_request", "nothing to change: send amount, currency, thresholds and/or hard_limit");
  }
  const amount = input.amount === undefined ? undefined : parseField(positiveAmount, input.amount, "amount");
  const currency = input.currency === undefined ? undefined : requireCurrency(input.currency);
  const thresholds = input.thresholds === undefined ? undefined : validateThresholds(input.thresholds);
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = toView(await lockBudget(tx, tenantId, budgetId));
    const row = await tx.budget.update({
      where: { id: budgetId },
      data: {
        ...(amount === undefined ? {} : { amount }),
        ...(currency === undefined ? {} : { currency }),
        ...(thresholds === undefined ? {} : { thresholds }),
        ...(input.hardLimit === undefined ? {} : { hardLimit: input.hardLimit }),
      },
    });
    const view = toView(row);
    // A new currency, scope amount or thresholds: count the period again and raise what is already reached.
    await recountBudgetSpend(tx, view, new Date());
    await writeAuditLog(tx, {
      actor,
      action: "budget.update",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      reason,
      before: budgetAuditRecord(before),
      after: budgetAuditRecord(view),
    });
    return view;
  });
}
