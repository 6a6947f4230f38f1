import { BUDGET_MANAGERS, BUDGET_PERIODS, BUDGET_SCOPES } from "@tollgate/use-cases/budgets";
import { budgetThresholds } from "@tollgate/domain";
import { z } from "zod";
import { tenantIdParam, uuidParam } from "../admin-fields.ts";

export const BUDGETS_PATH = "/v1/admin/tenants/{tenantId}/budgets";
export const BUDGET_PATH = `${BUDGETS_PATH}/{budgetId}`;

export const budgetIdParams = { tenantId: tenantIdParam, budgetId: uuidParam("budget") };

// The operators' budgets take the same thresholds as the tenants' own (the schema is the domain's).
export const thresholds = budgetThresholds;

export const budgetOutput = z.object({
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
  managed_by: z
    .enum(BUDGET_MANAGERS)
    .describe("operator: set by an operator (tenants cannot change it); tenant: set by a tenant admin"),
});
