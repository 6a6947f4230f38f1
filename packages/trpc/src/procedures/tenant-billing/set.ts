import { tenantBudgetMaxAmountSchema } from "@tollgate/domain";
import { setTenantBilling } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason, tenantIdParam } from "../admin-fields.ts";

/**
 * Sets how the tenant pays: prepaid or not, invoice grace, tax rate, payment terms, billing anchor day (operator,
 * audited).
 */
export const setTenantBillingOperation = operatorOperation
  .meta({
    rest: {
      method: "PUT",
      path: "/v1/admin/tenants/{tenantId}/billing",
      summary:
        "Set how the tenant pays (prepaid, invoice grace, tax rate, payment terms, billing anchor day) and the " +
        "budgets its admins may set themselves (operator, audited)",
      description:
        "Prepaid tenants' hard-limit reservations also hold against their live credit balance. The invoice " +
        "settings are optional (absent: unchanged) and apply to invoices finalized afterwards. A new billing " +
        "anchor day applies at once while the tenant has no ledger entries and no invoices; afterwards it takes " +
        "effect at the end of the current period (pending_billing_anchor), whose bounds never change, and the " +
        "first period of the new day runs to its first anchor date (a short period; commitments are prorated). " +
        "Sending the day in effect cancels a pending change. 409 while the short period after an earlier change " +
        "is not invoiced yet (the message and GET /v1/billing's billing_anchor_change_blocked say when it will " +
        "be), or when usage is already recorded past the boundary.",
      responseDescription: "the tenant's billing settings",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      prepaid: z
        .boolean()
        .describe("true: usage must be covered by credit; reservations are refused past the live credit balance"),
      invoice_grace_hours: z
        .number()
        .int()
        .min(0)
        .max(2160)
        .optional()
        .describe("hours after a period ends before its invoice is finalized; default 24"),
      tax_rate: z
        .string()
        .optional()
        .describe("one tax rate for the tenant's invoices as a fraction, '0.2' = 20 %; default '0'"),
      payment_terms_days: z.number().int().min(0).max(365).optional().describe("days to the due date; default 30"),
      billing_anchor_day: z
        .number()
        .int()
        .min(1)
        .max(31)
        .optional()
        .describe(
          "day of the month billing periods start on, 00:00 UTC; shorter months start on their last day " +
            "(31: Feb 28/29, Apr 30); default 1 (calendar months). From the next period once billed; the day " +
            "in effect cancels a pending change.",
        ),
      tenant_budgets_allowed: z
        .boolean()
        .optional()
        .describe("true: the tenant's admins may set their own per-key and per-customer budgets; default false"),
      tenant_budget_max_amount: tenantBudgetMaxAmountSchema
        .nullable()
        .optional()
        .describe("the largest amount of a budget a tenant sets (in its currency); null: no maximum (the default)"),
      tenant_hard_budgets_allowed: z
        .boolean()
        .optional()
        .describe("true: a budget a tenant sets may be a hard limit; default false (alerts only)"),
      reason: optionalReason,
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      name: z.string(),
      prepaid: z.boolean(),
      invoice_grace_hours: z.number().int(),
      tax_rate: z.string(),
      payment_terms_days: z.number().int(),
      billing_anchor_day: z.number().int().describe("the anchor day in effect now"),
      pending_billing_anchor: z
        .object({
          day: z.number().int().describe("the new anchor day"),
          from: z.string().describe("the period boundary it takes effect at (ISO 8601, UTC)"),
        })
        .nullable()
        .describe("a change of the anchor day taking effect at the next period boundary; null: none"),
      tenant_budgets_allowed: z.boolean(),
      tenant_budget_max_amount: z.string().nullable(),
      tenant_hard_budgets_allowed: z.boolean(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const view = await setTenantBilling(
      ctx.db,
      input.tenantId,
      {
        prepaid: input.prepaid,
        invoiceGraceHours: input.invoice_grace_hours,
        taxRate: input.tax_rate,
        paymentTermsDays: input.payment_terms_days,
        billingAnchorDay: input.billing_anchor_day,
        tenantBudgetsAllowed: input.tenant_budgets_allowed,
        tenantBudgetMaxAmount: input.tenant_budget_max_amount,
        tenantHardBudgetsAllowed: input.tenant_hard_budgets_allowed,
      },
      { actor: ctx.actor, reason: input.reason },
    );
    return {
      tenant_id: view.tenantId,
      name: view.name,
      prepaid: view.prepaid,
      invoice_grace_hours: view.invoiceGraceHours,
      tax_rate: view.taxRate,
      payment_terms_days: view.paymentTermsDays,
      billing_anchor_day: view.billingAnchorDay,
      pending_billing_anchor: view.pendingBillingAnchor && {
        day: view.pendingBillingAnchor.day,
        from: view.pendingBillingAnchor.from.toISOString(),
      },
      tenant_budgets_allowed: view.tenantBudgetsAllowed,
      tenant_budget_max_amount: view.tenantBudgetMaxAmount,
      tenant_hard_budgets_allowed: view.tenantHardBudgetsAllowed,
    };
  });
