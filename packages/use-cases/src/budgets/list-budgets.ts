import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { type BudgetView, toView } from "./budget-row.ts";

/** A tenant's budgets by scope and reference; `not_found` for an unknown tenant. */
export async function listBudgets(db: DbOrTx, tenantId: string): Promise<BudgetView[]> {
  await requireTenant(db, tenantId);
  const rows = await db.budget.findMany({
    where: { tenantId },
    orderBy: [{ scope: "asc" }, { scopeRef: "asc" }, { period: "asc" }],
  });
  return rows.map(toView);
}
