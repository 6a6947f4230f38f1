import { getBillingDetails } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";

/** GET /v1/billing: how the tenant is billed (settings operators set, the current period, the plan in force). */
export const getBillingDetailsOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/billing",
      summary: "How the tenant is billed: period, currency, tax, terms, grace, prepaid, plan, low-credit alert",
      description:
        `${USAGE_READ_ACCESS} The billing settings are an operator's (PUT /v1/admin/tenants/{tenantId}/billing), ` +
        "except low_credit_alert_days and time_zone, which the tenant's admins set in the console.",
      responseDescription: "the tenant's billing details",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenant_id: tenantIdQuery }))
  .output(
    z.object({
      tenant_id: z.uuid(),
      currency: z.string().length(3).describe("the plan's currency (USD without a plan)"),
      billing_anchor_day: z.number().int().describe("day of the month (1–31) periods start on now, 00:00 UTC"),
      pending_billing_anchor: z
        .object({
          day: z.number().int().describe("the new anchor day"),
          from: z.string().describe("the period boundary it takes effect at (ISO 8601, UTC)"),
        })
        .nullable()
        .describe("a change of the anchor day taking effect at the next period boundary; null: none"),
      billing_anchor_change_blocked: z
        .object({
          reason: z.string().describe("why the anchor day cannot change now (the 409 a change would get)"),
          possible_from: z
            .string()
            .describe("when the schedule invoices the short period, from which it can change (ISO 8601, UTC)"),
        })
        .nullable()
        .describe("null: an operator may change the anchor day now"),
      current_period: z.object({ start: z.string(), end: z.string().describe("exclusive") }),
      tax_rate: z.string().describe("a fraction, '0.2' = 20 %"),
      payment_terms_days: z.number().int(),
      invoice_grace_hours: z.number().int(),
      prepaid: z.boolean(),
      low_credit_alert_days: z
        .number()
        .int()
        .nullable()
        .describe("alert (credit.depletion_forecast) when credit is projected to run out within this many days"),
      time_zone: z.string().describe("IANA zone of the tenant's days in the console's usage explorer; default UTC"),
      plan: z
        .object({
          code: z.string(),
          name: z.string(),
          version: z.number().int(),
          plan_version_id: z.uuid(),
          since: z.string(),
        })
        .nullable()
        .describe("the subscription in force now; null: none"),
    }),
  )
  .query(async ({ ctx }) => {
    const view = await getBillingDetails(ctx.db, ctx.tenantId);
    return {
      tenant_id: view.tenantId,
      currency: view.currency,
      billing_anchor_day: view.billingAnchorDay,
      pending_billing_anchor: view.pendingBillingAnchor && {
        day: view.pendingBillingAnchor.day,
        from: view.pendingBillingAnchor.from.toISOString(),
      },
      billing_anchor_change_blocked: view.billingAnchorChangeBlocked && {
        reason: view.billingAnchorChangeBlocked.reason,
        possible_from: view.billingAnchorChangeBlocked.possibleFrom.toISOString(),
      },
      current_period: { start: view.periodStart.toISOString(), end: view.periodEnd.toISOString() },
      tax_rate: view.taxRate,
      payment_terms_days: view.paymentTermsDays,
      invoice_grace_hours: view.invoiceGraceHours,
      prepaid: view.prepaid,
      low_credit_alert_days: view.lowCreditAlertDays,
      time_zone: view.timeZone,
      plan: view.plan && {
        code: view.plan.planCode,
        name: view.plan.planName,
        version: view.plan.version,
        plan_version_id: view.plan.planVersionId,
        since: view.plan.since.toISOString(),
      },
    };
  });
