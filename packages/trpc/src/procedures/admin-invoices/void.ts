import { voidInvoice } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { requiredReason } from "../admin-fields.ts";
import { invoiceIdParam, invoiceOutput } from "../invoices/invoice-schemas.ts";

/** Voids a finalized, unpaid invoice with a reason (operator, audited). */
export const voidInvoiceOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/invoices/{invoiceId}/void",
      summary: "Void a finalized, unpaid invoice (operator, audited)",
      description:
        "reason is required. The number stays used and the document stays readable, marked void; bill the period " +
        "again with regenerate. A paid invoice is corrected with a credit note instead (409).",
      responseDescription: "the void invoice",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ invoiceId: invoiceIdParam, reason: requiredReason }))
  .output(invoiceOutput)
  .mutation(async ({ ctx, input }) =>
    invoiceJson(await voidInvoice(ctx.db, input.invoiceId, { actor: ctx.actor, reason: input.reason })),
  );
