import { budgetJson } from "../../wire/index.ts";
import { listBudgets } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { BUDGETS_PATH, budgetOutput } from "./budget-schemas.ts";

/** A tenant's budgets (operator). */
export const listBudgetsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: BUDGETS_PATH,
      summary: "A tenant's budgets (operator)",
      description: "Operator key (admin scope, no tenant); tenant keys get 403.",
      responseDescription: "budgets",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: tenantIdParam }))
  .output(z.object({ budgets: z.array(budgetOutput) }))
  .query(async ({ ctx, input }) => ({ budgets: (await listBudgets(ctx.db, input.tenantId)).map(budgetJson) }));
