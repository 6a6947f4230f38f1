import type { BillingCloses, BillingRunTenantView, BillingRunView } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import type { Context } from "../../context.ts";
import { uuidParam } from "../admin-fields.ts";

export const BILLING_RUNS_PATH = "/v1/admin/billing-runs";

export const runIdParam = uuidParam("billing run");

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min.toString()} to ${max.toString()}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

export const runPageLimit = wholeNumber(1, 200).optional().describe("default 20, at most 200");
export const runPageOffset = wholeNumber(0, 1_000_000).optional().describe("default 0");

export const billingRunOutput = z.object({
  id: z.uuid(),
  started_by: z.string().describe("user:<id>, api_key:<prefix>, or system:billing-close (the schedule)"),
  started_by_email: z.string().nullable().describe("the operator's email when a console user started the run"),
  at: z.string().describe("when the tenants due were found"),
  tenants_total: z.number().int(),
  closed: z.number().int(),
  failed: z.number().int().describe("tenants whose close failed every attempt (retry with retry-failed)"),
  status: z.enum(["running", "succeeded", "failed"]),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

export const billingRunTenantOutput = z.object({
  tenant_id: z.uuid(),
  tenant_name: z.string(),
  tenant_slug: z.string(),
  period_start: z.string().describe("the first open period found due (the close finalizes every due period)"),
  status: z.enum(["pending", "closed", "failed"]),
  error: z.string().nullable().describe("the last failed attempt's message (also while pending and retrying)"),
  attempts: z.number().int(),
  invoices: z.number().int().describe("invoices finalized (none when nothing was billable)"),
  updated_at: z.string(),
});

export function billingRunJson(run: BillingRunView): z.output<typeof billingRunOutput> {
  return {
    id: run.id,
    started_by: run.startedBy,
    started_by_email: run.startedByEmail,
    at: run.at.toISOString(),
    tenants_total: run.tenantsTotal,
    closed: run.closed,
    failed: run.failed,
    status: run.status,
    created_at: run.createdAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
  };
}

export function billingRunTenantJson(row: BillingRunTenantView): z.output<typeof billingRunTenantOutput> {
  return {
    tenant_id: row.tenantId,
    tenant_name: row.tenantName,
    tenant_slug: row.tenantSlug,
    period_start: row.periodStart.toISOString(),
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    invoices: row.invoices,
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The port, which every transport serving these operations provides; without it they fail loudly. */
export function billingClosesOf(ctx: Context): BillingCloses {
  if (!ctx.billingCloses) throw new Error("a billing-run operation was called without the billingCloses port");
  return ctx.billingCloses;
}
