import { creditGrantJson } from "../../wire/index.ts";
import { voidCreditGrant } from "@tollgate/use-cases/credits";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { requiredReason } from "../admin-fields.ts";
import { creditGrantOutput, grantParams, GRANTS_PATH } from "./credit-grant-schemas.ts";

/** Voids a grant, taking back its unused balance (operator, audited). */
export const voidCreditGrantOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${GRANTS_PATH}/{grantId}/void`,
      summary: "Void a grant, taking back its unused balance (operator, audited)",
      description:
        "reason is required. Appends a credit_expiry ledger entry of the unused balance (if any), so the " +
        "balance becomes 0, never negative. 409 when already voided.",
      responseDescription: "the voided grant",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ ...grantParams, reason: requiredReason }))
  .output(creditGrantOutput)
  .mutation(async ({ ctx, input }) => {
    const grant = await voidCreditGrant(ctx.db, input.tenantId, input.grantId, {
      actor: ctx.actor,
      reason: input.reason,
    });
    return creditGrantJson(grant);
  });
