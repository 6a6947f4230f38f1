import { createCreditNote } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { creditNoteJson } from "../../wire/index.ts";
import { requiredReason } from "../admin-fields.ts";
import { creditNoteOutput, invoiceIdParam } from "../invoices/invoice-schemas.ts";

/** Issues a full or partial credit note against a finalized or paid invoice (operator, audited). */
export const createCreditNoteOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/invoices/{invoiceId}/credit-notes",
      status: 201,
      summary: "Credit a finalized or paid invoice, fully or partly (operator, audited)",
      description:
        "reason is required; amount defaults to all that is not credited yet, and the notes on one invoice never " +
        "exceed its total (400). On a finalized invoice the note lowers the amount due; on a paid one the amount " +
        "becomes a paid credit grant that future usage draws on. The invoice itself never changes.",
      responseDescription: "the credit note",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      invoiceId: invoiceIdParam,
      amount: z.string().optional().describe('decimal string in the invoice currency, e.g. "12.50"'),
      reason: requiredReason,
    }),
  )
  .output(z.object({ credit_note: creditNoteOutput, credit_grant_id: z.uuid().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const result = await createCreditNote(
      ctx.db,
      input.invoiceId,
      ctx.invoiceIssuer,
      { amount: input.amount },
      { actor: ctx.actor, reason: input.reason },
    );
    return { credit_note: creditNoteJson(result.creditNote), credit_grant_id: result.creditGrantId };
  });
