import { createCreditGrant } from "@tollgate/use-cases/credits";
import { creditGrantJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { currency, decimalText, instant, requiredReason, tenantIdParam } from "../admin-fields.ts";
import { creditGrantOutput, GRANTS_PATH } from "./credit-grant-schemas.ts";

/** Grants credit, paid or promotional (operator, audited). */
export const createCreditGrantOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: GRANTS_PATH,
      status: 201,
      summary: "Grant credit, paid or promotional (operator, audited)",
      description:
        "reason is required. Appends a credit_grant ledger entry of −amount (in the tenant's favour), " +
        "idempotency key credit_grant:<grant id>.",
      responseDescription: "the grant",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      kind: z.enum(["paid", "promotional"]),
      amount: decimalText.describe("> 0, exact decimal string"),
      currency,
      priority: z.number().int().min(-1_000_000).max(1_000_000).optional().describe("default 0"),
      expires_at: instant.nullable().optional().describe("in the future; default never"),
      reason: requiredReason,
    }),
  )
  .output(creditGrantOutput)
  .mutation(async ({ ctx, input }) => {
    const grant = await createCreditGrant(
      ctx.db,
      input.tenantId,
      {
        kind: input.kind,
        amount: input.amount,
        currency: input.currency,
        priority: input.priority,
        expiresAt: input.expires_at,
      },
      { actor: ctx.actor, reason: input.reason },
    );
    return creditGrantJson(grant);
  });
