import { endTenantOverride } from "@tollgate/use-cases/overrides";
import { tenantOverrideJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, requiredReason, tenantIdParam, uuidParam } from "../admin-fields.ts";
import { OVERRIDES_PATH, overrideOutput } from "./override-schemas.ts";

/** Ends an override at ends_at, default now (operator, audited). */
export const endOverrideOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${OVERRIDES_PATH}/{overrideId}/end`,
      summary: "End an override at ends_at, default now (operator, audited)",
      description: "reason is required. 409 when ends_at is not after its start or not before its current end.",
      responseDescription: "the override",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      overrideId: uuidParam("override"),
      ends_at: instant.optional().describe("default now; after the override's start and before its current end"),
      reason: requiredReason,
    }),
  )
  .output(overrideOutput)
  .mutation(async ({ ctx, input }) => {
    const override = await endTenantOverride(
      ctx.db,
      input.tenantId,
      input.overrideId,
      { endsAt: input.ends_at },
      { actor: ctx.actor, reason: input.reason },
    );
    return tenantOverrideJson(override);
  });
