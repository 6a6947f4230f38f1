import { countTenantsDue } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { BILLING_RUNS_PATH } from "./billing-run-schemas.ts";

/** How many tenants a billing run started now would close (operator). */
export const tenantsDueOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: `${BILLING_RUNS_PATH}/due`,
      summary: "How many tenants are due for a close now (operator)",
      responseDescription: "the count a run started now would close",
      errors: [401, 403],
    },
  })
  .input(z.strictObject({}))
  .output(z.object({ tenants_due: z.number().int() }))
  .query(async ({ ctx }) => ({ tenants_due: await countTenantsDue(ctx.db, ctx.actor) }));
