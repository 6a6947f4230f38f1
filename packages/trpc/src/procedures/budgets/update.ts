import { budgetJson } from "../../wire/index.ts";
import { updateBudget } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { currency, decimalText, optionalReason } from "../admin-fields.ts";
import { BUDGET_PATH, budgetIdParams, budgetOutput, thresholds } from "./budget-schemas.ts";

/** Changes a budget's amount, currency, thresholds or hard limit (operator, audited). */
export const updateBudgetOperation = operatorOperation
  .meta({
    rest: {
      method: "PATCH",
      path: BUDGET_PATH,
      summary: "Change a budget's amount, currency, thresholds or hard limit (operator, audited)",
      responseDescription: "the budget",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      ...budgetIdParams,
      amount: decimalText.optional(),
      currency: currency.optional(),
      thresholds: thresholds.optional(),
      hard_limit: z.boolean().optional(),
      reason: optionalReason,
    }),
  )
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) => {
    const budget = await updateBudget(
      ctx.db,
      input.tenantId,
      input.budgetId,
      { amount: input.amount, currency: input.currency, thresholds: input.thresholds, hardLimit: input.hard_limit },
      { actor: ctx.actor, reason: input.reason },
    );
    return budgetJson(budget);
  });
