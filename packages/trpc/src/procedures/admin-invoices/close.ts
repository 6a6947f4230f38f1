import { closeBillingPeriod } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { invoiceOutput } from "../invoices/invoice-schemas.ts";

/** Finalizes the tenant's first open billing period now, without waiting for its grace period (operator). */
export const closeBillingPeriodOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/tenants/{tenantId}/invoices/close",
      summary: "Finalize the tenant's first open billing period now (operator, audited)",
      description:
        "Closes the earliest period without an invoice once it has ended (skip_grace, default true, does not wait " +
        "for the tenant's grace period): books its commitment true-up and finalizes one numbered invoice per " +
        "currency. Safe to retry: a closed period is never closed twice. status not_due when the period has not " +
        "ended (or is in grace with skip_grace false); nothing is written then.",
      responseDescription: "what the close did",
      bodyOptional: true,
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      skip_grace: z.boolean().optional().describe("default true: finalize as soon as the period has ended"),
    }),
  )
  .output(
    z.object({
      status: z.enum(["closed", "not_due"]),
      period_start: z.string(),
      period_end: z.string(),
      due_at: z.string().nullable().describe("not_due: when the period can be closed"),
      invoices: z.array(invoiceOutput).describe("closed: the finalized invoices (none when nothing was billable)"),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const result = await closeBillingPeriod(
      ctx.db,
      input.tenantId,
      ctx.invoiceIssuer,
      { principal: ctx.actor },
      { skipGrace: input.skip_grace ?? true },
    );
    return {
      status: result.status,
      period_start: result.periodStart.toISOString(),
      period_end: result.periodEnd.toISOString(),
      due_at: result.status === "not_due" ? result.dueAt.toISOString() : null,
      invoices: result.status === "closed" ? result.invoices.map(invoiceJson) : [],
    };
  });
