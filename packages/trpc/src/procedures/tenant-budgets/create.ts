import { createTenantBudget } from "@tollgate/use-cases/budgets";
import { newTenantBudgetSchema } from "@tollgate/domain";
import { budgetJson } from "../../wire/index.ts";
import { tenantWriteProcedure } from "../../trpc.ts";
import { budgetOutput } from "../budgets/budget-schemas.ts";

/**
 * A tenant admin sets a monthly budget on one of its API keys or customers, within what the operator allows
 * (403 when tenant budgets or hard limits are not enabled, 400 above the maximum amount); 409 when that key or
 * customer has one already. Audited.
 */
export const createTenantBudgetProcedure = tenantWriteProcedure
  .input(newTenantBudgetSchema)
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) => budgetJson(await createTenantBudget(ctx.db, ctx.tenantId, input, ctx.user)));
