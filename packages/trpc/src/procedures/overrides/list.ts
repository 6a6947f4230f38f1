import { listTenantOverrides } from "@tollgate/use-cases/overrides";
import { tenantOverrideJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { OVERRIDES_PATH, overrideOutput } from "./override-schemas.ts";

/** A tenant's price overrides, by start (operator). */
export const listOverridesOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: OVERRIDES_PATH,
      summary: "A tenant's price overrides (operator)",
      description: "Operator key (admin scope, no tenant); tenant keys get 403.",
      responseDescription: "overrides by start",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: tenantIdParam }))
  .output(z.object({ overrides: z.array(overrideOutput).describe("by start") }))
  .query(async ({ ctx, input }) => ({
    overrides: (await listTenantOverrides(ctx.db, input.tenantId)).map(tenantOverrideJson),
  }));
