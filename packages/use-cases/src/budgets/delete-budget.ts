import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { toView, budgetAuditRecord, lockBudget } from "./budget-row.ts";

/** Deletes a budget. Audited with the budget as it was. */
export async function deleteBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  context: ChangeContext,
): Promise<void> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = toView(await lockBudget(tx, tenantId, budgetId));
    await tx.budget.delete({ where: { id: budgetId } });
    await writeAuditLog(tx, {
      actor,
      action: "budget.delete",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      reason,
      before: budgetAuditRecord(before),
      after: null,
    });
  });
}
