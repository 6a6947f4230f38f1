import { TENANT_BUDGET_SCOPES } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { currency, decimalText } from "../admin-fields.ts";
import { budgetOutput, thresholds } from "../budgets/budget-schemas.ts";

// Console procedures: camelCase inputs like the other console procedures; each budget is the same shape as the
// operators' REST API returns (budgetOutput, snake_case), so one table component shows both.

export const tenantBudgetScope = z.enum(TENANT_BUDGET_SCOPES);
export const budgetAmount = decimalText.describe("> 0, exact decimal string");
export { currency, thresholds };

export const budgetWithSpendOutput = budgetOutput.extend({
  spent: z.string().describe("rated usage it covers this period (after discounts, before credits), exact"),
});
