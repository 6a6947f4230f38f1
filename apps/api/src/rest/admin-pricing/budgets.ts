import {
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  createBudget,
  deleteBudget,
  listBudgets,
  updateBudget,
} from "@tollgate/use-cases/budgets";
import { budgetJson } from "@tollgate/trpc/wire";
import type { FastifyInstance } from "fastify";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import {
  changeContext,
  currency,
  decimalText,
  optionalReason,
  parseAdmin,
  requireOperatorKey,
  tenantParams,
  uuidParam,
} from "./admin-request.ts";

const BUDGETS_PATH = "/v1/admin/tenants/:tenantId/budgets";

export const budgetParams = z.object({ tenantId: uuidParam("tenant"), budgetId: uuidParam("budget") });

const thresholds = z
  .array(z.number().int())
  .min(1)
  .max(100)
  .describe("alert percentages of amount, whole numbers 1-100, ascending and unique; default [50, 80, 100]");

export const createBudgetBody = z.strictObject({
  scope: z.enum(BUDGET_SCOPES),
  scope_ref: storedText(200)
    .optional()
    .describe("api_key: the id of one of the tenant's API keys; customer: the customer id; tenant: empty or absent"),
  period: z.enum(BUDGET_PERIODS).optional().describe("default month"),
  amount: decimalText.describe("> 0, exact decimal string"),
  currency,
  thresholds: thresholds.optional(),
  hard_limit: z.boolean().optional().describe("true: spending stops at 100 %; default false (alerts only)"),
  reason: optionalReason,
});

export const updateBudgetBody = z.strictObject({
  amount: decimalText.optional(),
  currency: currency.optional(),
  thresholds: thresholds.optional(),
  hard_limit: z.boolean().optional(),
  reason: optionalReason,
});

export const deleteBudgetQuery = z.strictObject({ reason: optionalReason });

export const budgetBody = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  scope: z.enum(BUDGET_SCOPES),
  scope_ref: z.string(),
  period: z.enum(BUDGET_PERIODS),
  amount: z.string(),
  currency: z.string(),
  thresholds: z.array(z.number().int()),
  hard_limit: z.boolean(),
  created_at: z.string(),
});
export const budgetsResponse = z.object({ budgets: z.array(budgetBody) });

/** Operator endpoints for budgets per tenant, API key or customer and period. */
export function registerAdminBudgets(app: FastifyInstance, deps: ApiDeps): void {
  app.get(BUDGETS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const response: z.infer<typeof budgetsResponse> = {
      budgets: (await listBudgets(deps.db, tenantId)).map(budgetJson),
    };
    return response;
  });

  app.post(BUDGETS_PATH, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const body = parseAdmin(createBudgetBody, request.body, "body");
    const budget = await createBudget(
      deps.db,
      tenantId,
      {
        scope: body.scope,
        scopeRef: body.scope_ref,
        period: body.period,
        amount: body.amount,
        currency: body.currency,
        thresholds: body.thresholds,
        hardLimit: body.hard_limit,
      },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof budgetBody> = budgetJson(budget);
    return reply.status(201).send(response);
  });

  app.patch(`${BUDGETS_PATH}/:budgetId`, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId, budgetId } = parseAdmin(budgetParams, request.params, "path");
    const body = parseAdmin(updateBudgetBody, request.body, "body");
    const budget = await updateBudget(
      deps.db,
      tenantId,
      budgetId,
      { amount: body.amount, currency: body.currency, thresholds: body.thresholds, hardLimit: body.hard_limit },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof budgetBody> = budgetJson(budget);
    return response;
  });

  app.delete(`${BUDGETS_PATH}/:budgetId`, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId, budgetId } = parseAdmin(budgetParams, request.params, "path");
    const query = parseAdmin(deleteBudgetQuery, request.query, "query");
    await deleteBudget(deps.db, tenantId, budgetId, changeContext(actor, query.reason));
    return reply.status(204).send();
  });
}
