import { archivePlanVersion } from "@tollgate/use-cases/pricing";
import { planVersionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { OPERATOR, planVersionOutput, VERSION_PATH, versionParams } from "./plan-version-schemas.ts";

/** Archives a published version: no new subscriptions, current subscribers stay (operator, audited). */
export const archivePlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${VERSION_PATH}/archive`,
      bodyOptional: true,
      summary: "Archive a published version: no new subscriptions, current subscribers stay (operator)",
      description: `${OPERATOR} Existing subscribers are grandfathered until migrated.`,
      responseDescription: "the archived version",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ ...versionParams, reason: optionalReason }))
  .output(planVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const version = await archivePlanVersion(ctx.db, input.planId, input.versionId, {
      actor: ctx.actor,
      reason: input.reason,
    });
    return planVersionJson(version);
  });
