import { markInvoicePaid } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { instant } from "../admin-fields.ts";
import { invoiceIdParam, invoiceOutput } from "../invoices/invoice-schemas.ts";

/** Records payment of a finalized invoice (operator, audited). */
export const markInvoicePaidOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/invoices/{invoiceId}/pay",
      summary: "Mark a finalized invoice paid (operator, audited)",
      description:
        "Books an invoice_settlement ledger entry of the amount due (total less credit notes). 409 unless the " +
        "invoice is finalized.",
      responseDescription: "the paid invoice",
      bodyOptional: true,
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      invoiceId: invoiceIdParam,
      paid_at: instant.optional().describe("default now; not in the future, not before the invoice was issued"),
      reference: z.string().max(200).optional().describe("payment reference, e.g. a bank transfer id"),
    }),
  )
  .output(invoiceOutput)
  .mutation(async ({ ctx, input }) =>
    invoiceJson(
      await markInvoicePaid(
        ctx.db,
        input.invoiceId,
        { paidAt: input.paid_at, reference: input.reference },
        { actor: ctx.actor },
      ),
    ),
  );
