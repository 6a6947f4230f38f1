import { tenantBudgetChangesSchema } from "@tollgate/domain";
import { updateTenantBudget } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { budgetJson } from "../../wire/index.ts";
import { tenantWriteProcedure } from "../../trpc.ts";
import { budgetOutput } from "../budgets/budget-schemas.ts";

/**
 * Changes a budget the tenant set (403 for the operator's); the result must be within the operator's allowance.
 * Audited.
 */
export const updateTenantBudgetProcedure = tenantWriteProcedure
  .input(tenantBudgetChangesSchema.extend({ budgetId: z.uuid() }))
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) => {
    const { budgetId, ...changes } = input;
    return budgetJson(await updateTenantBudget(ctx.db, ctx.tenantId, budgetId, changes, ctx.user));
  });
