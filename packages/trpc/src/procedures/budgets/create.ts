import { BUDGET_PERIODS, BUDGET_SCOPES, createBudget } from "@tollgate/use-cases/budgets";
import { budgetJson } from "../../wire/index.ts";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { currency, decimalText, optionalReason, tenantIdParam } from "../admin-fields.ts";
import { BUDGETS_PATH, budgetOutput, thresholds } from "./budget-schemas.ts";

/** Sets a budget for the tenant, one of its API keys or a customer, per period (operator, audited). */
export const createBudgetOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: BUDGETS_PATH,
      status: 201,
      summary: "Set a budget for the tenant, one of its API keys or a customer, per month (operator, audited)",
      description: "409 when that scope already has a budget for the period (PATCH it instead).",
      responseDescription: "the budget",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      scope: z.enum(BUDGET_SCOPES),
      scope_ref: storedText(200)
        .optional()
        .describe(
          "api_key: the id of one of the tenant's API keys; customer: the customer id; tenant: empty or absent",
        ),
      period: z.enum(BUDGET_PERIODS).optional().describe("default month"),
      amount: decimalText.describe("> 0, exact decimal string"),
      currency,
      thresholds: thresholds.optional(),
      hard_limit: z.boolean().optional().describe("true: spending stops at 100 %; default false (alerts only)"),
      reason: optionalReason,
    }),
  )
  .output(budgetOutput)
  .mutation(async ({ ctx, input }) => {
    const budget = await createBudget(
      ctx.db,
      input.tenantId,
      {
        scope: input.scope,
        scopeRef: input.scope_ref,
        period: input.period,
        amount: input.amount,
        currency: input.currency,
        thresholds: input.thresholds,
        hardLimit: input.hard_limit,
      },
      { actor: ctx.actor, reason: input.reason },
    );
    return budgetJson(budget);
  });
