import { creditGrantJson } from "../../wire/index.ts";
import { listCreditGrants } from "@tollgate/use-cases/credits";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { creditGrantOutput, GRANTS_PATH } from "./credit-grant-schemas.ts";

/** A tenant's credit grants with balances from the ledger (operator). */
export const listCreditGrantsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: GRANTS_PATH,
      summary: "A tenant's credit grants with balances from the ledger (operator)",
      description: "Operator key (admin scope, no tenant); tenant keys get 403.",
      responseDescription: "grants, oldest first",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: tenantIdParam }))
  .output(z.object({ credit_grants: z.array(creditGrantOutput).describe("oldest first") }))
  .query(async ({ ctx, input }) => ({
    credit_grants: (await listCreditGrants(ctx.db, input.tenantId)).map(creditGrantJson),
  }));
