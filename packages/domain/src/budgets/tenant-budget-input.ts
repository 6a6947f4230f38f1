import { z } from "zod";
import { Money } from "../money.ts";
import { nonNegativeDecimalText } from "../pricing/decimal-text.ts";
import { storedText } from "../stored-text.ts";

// The inputs of budgets set by a tenant's admins: the console's budget form validates with these schemas and the
// api's tenantBudgets.create/update take them as their inputs, so both give the same messages. What needs the
// database or the operator's allowance (the key exists, the maximum amount, hard limits allowed) the api checks.

/** The scopes a tenant may budget itself; the whole-tenant budget stays the operator's. */
export const TENANT_BUDGET_SCOPES = ["api_key", "customer"] as const;
export type TenantBudgetScope = (typeof TENANT_BUDGET_SCOPES)[number];

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case ISO 4217 code, e.g. "USD"')
  .describe("ISO 4217 code");

/** Alert percentages: whole numbers 1–100, ascending and unique (the use cases check the same, for REST too). */
export const budgetThresholds = z
  .array(z.number().int("must be whole percentages").min(1, "must be 1-100").max(100, "must be 1-100"))
  .min(1, "give at least one percentage")
  .max(100)
  .superRefine((values, context) => {
    // Named at the offending entry ("thresholds.1"), as the use cases name it for REST.
    values.forEach((value, index) => {
      const previous = values[index - 1];
      if (previous !== undefined && value <= previous) {
        context.addIssue({ code: "custom", path: [index], message: "must be greater than the one before (ascending)" });
      }
    });
  })
  .describe("alert percentages of amount, whole numbers 1-100, ascending and unique; default [50, 80, 100]");

/** A budget amount: exact decimal text above zero. */
export const budgetAmount = nonNegativeDecimalText
  .refine((value) => new Money(value).gt(0), "must be greater than 0")
  .describe("> 0, exact decimal string");

const tenantBudgetFields = z.object({
  amount: budgetAmount,
  currency: currencyCode,
  thresholds: budgetThresholds.optional(),
  hardLimit: z.boolean().optional().describe("true: spending stops at 100 %; default false (alerts only)"),
});

/** What a tenant admin may change on a budget they set (the scope stays): any of its fields. */
export const tenantBudgetChangesSchema = tenantBudgetFields.partial();

/** A new budget a tenant admin sets on one of its API keys or customers. */
export const newTenantBudgetSchema = tenantBudgetFields.extend({
  scope: z.enum(TENANT_BUDGET_SCOPES),
  scopeRef: storedText(200)
    .min(1, "pick a key or enter a customer id")
    .describe("api_key: the key's id; customer: the customer id"),
});
