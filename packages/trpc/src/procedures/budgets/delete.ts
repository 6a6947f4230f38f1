import { deleteBudget } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { BUDGET_PATH, budgetIdParams } from "./budget-schemas.ts";

/** Deletes a budget (operator, audited). */
export const deleteBudgetOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: BUDGET_PATH,
      status: 204,
      summary: "Delete a budget (operator, audited)",
      responseDescription: "deleted",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ ...budgetIdParams, reason: optionalReason }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await deleteBudget(ctx.db, input.tenantId, input.budgetId, { actor: ctx.actor, reason: input.reason });
  });
