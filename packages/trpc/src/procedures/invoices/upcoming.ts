import { getUpcomingInvoice } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { invoiceIssuerJson, upcomingInvoiceJson } from "../../wire/index.ts";
import { instant } from "../admin-fields.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { invoiceOutput, issuedByOutput } from "./invoice-schemas.ts";

/** The live draft of the current (or a still-open earlier) billing period, from the period's ledger totals. */
export const upcomingInvoiceOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/invoices/upcoming",
      summary: "The upcoming invoice: the live draft of the current billing period",
      description:
        `${USAGE_READ_ACCESS} Computed on each read from the period's ledger totals (never from raw events), ` +
        "rounded as the final invoice will be. period_start may name an earlier period still in its grace window; " +
        "a finalized period is a 409.",
      responseDescription: "the period and one draft per currency with activity",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenant_id: tenantIdQuery,
      period_start: instant.optional().describe("a billing period's start; default the current period"),
    }),
  )
  .output(
    z.object({
      period_start: z.string(),
      period_end: z.string(),
      finalizes_at: z.string().describe("when the schedule finalizes it: period end + the tenant's grace"),
      invoices: z.array(invoiceOutput).describe("one draft per currency with activity; empty before any"),
      issued_by: issuedByOutput,
    }),
  )
  .query(async ({ ctx, input }) => ({
    ...upcomingInvoiceJson(
      await getUpcomingInvoice(ctx.db, ctx.tenantId, ctx.invoiceIssuer, { periodStart: input.period_start }),
    ),
    issued_by: invoiceIssuerJson(ctx.invoiceIssuer),
  }));
