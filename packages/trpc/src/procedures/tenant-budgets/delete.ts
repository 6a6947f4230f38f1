import { deleteTenantBudget } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { budgetJson } from "../../wire/index.ts";
import { tenantWriteProcedure } from "../../trpc.ts";
import { budgetOutput } from "../budgets/budget-schemas.ts";

/** Deletes a budget the tenant set (403 for the operator's); returns it as it was. Audited. */
export const deleteTenantBudgetProcedure = tenantWriteProcedure
  .input(z.object({ budgetId: z.uuid() }))
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) =>
    budgetJson(await deleteTenantBudget(ctx.db, ctx.tenantId, input.budgetId, ctx.user)),
  );
