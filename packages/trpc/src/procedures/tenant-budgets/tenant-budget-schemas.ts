import { z } from "zod";
import { budgetOutput } from "../budgets/budget-schemas.ts";

// Console procedures: camelCase inputs like the other console procedures, from @tollgate/domain (shared with the
// console's budget form); each budget is the same shape as the operators' REST API returns (budgetOutput,
// snake_case), so one table component shows both.

export const budgetWithSpendOutput = budgetOutput.extend({
  spent: z.string().describe("rated usage it covers this period (after discounts, before credits), exact"),
});
