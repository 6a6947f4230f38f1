import { z } from "zod";

/** The largest budget a tenant may set, as the api takes it: an amount as text (checked as a decimal by the use case). */
export const tenantBudgetMaxAmountSchema = z.string().max(62, "at most 62 characters");

/**
 * The operator's billing form (tenantBilling.set): prepaid, and the budgets the tenant's admins may set themselves.
 * Field names are the api's, so its 400 lands on the same field; an empty maximum is none (null).
 */
export const tenantBillingFormSchema = z.object({
  prepaid: z.boolean(),
  tenant_budgets_allowed: z.boolean(),
  tenant_budget_max_amount: tenantBudgetMaxAmountSchema.trim().transform((text) => (text === "" ? null : text)),
  tenant_hard_budgets_allowed: z.boolean(),
});
