import { createTenantBudget } from "@tollgate/use-cases/budgets";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import { budgetJson } from "../../wire/index.ts";
import { tenantWriteProcedure } from "../../trpc.ts";
import { budgetOutput } from "../budgets/budget-schemas.ts";
import { budgetAmount, currency, tenantBudgetScope, thresholds } from "./tenant-budget-schemas.ts";

/**
 * A tenant admin sets a monthly budget on one of its API keys or customers, within what the operator allows
 * (403 when tenant budgets or hard limits are not enabled, 400 above the maximum amount); 409 when that key or
 * customer has one already. Audited.
 */
export const createTenantBudgetProcedure = tenantWriteProcedure
  .input(
    z.object({
      scope: tenantBudgetScope,
      scopeRef: storedText(200).describe("api_key: the key's id; customer: the customer id"),
      amount: budgetAmount,
      currency,
      thresholds: thresholds.optional(),
      hardLimit: z.boolean().optional().describe("true: spending stops at 100 %; default false (alerts only)"),
    }),
  )
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) => budgetJson(await createTenantBudget(ctx.db, ctx.tenantId, input, ctx.user)));
