import { regenerateInvoice } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { optionalReason } from "../admin-fields.ts";
import { invoiceIdParam, invoiceOutput } from "../invoices/invoice-schemas.ts";

/** Bills a void invoice's period again with a new number (operator, audited). */
export const regenerateInvoiceOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/invoices/{invoiceId}/regenerate",
      status: 201,
      summary: "Regenerate a void invoice's period as a new invoice (operator, audited)",
      description:
        "Builds a new finalized invoice from the period's ledger totals with the tenant's current tax rate and " +
        "terms, pointing at the void one (replaces_invoice_id). 409 unless the invoice is void and its period has " +
        "no other live invoice.",
      responseDescription: "the new invoice",
      bodyOptional: true,
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ invoiceId: invoiceIdParam, reason: optionalReason }))
  .output(invoiceOutput)
  .mutation(async ({ ctx, input }) =>
    invoiceJson(
      await regenerateInvoice(ctx.db, input.invoiceId, ctx.invoiceIssuer, { actor: ctx.actor, reason: input.reason }),
    ),
  );
