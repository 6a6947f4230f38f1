import { copyPlanVersion } from "@tollgate/use-cases/pricing";
import { planVersionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, optionalReason } from "../admin-fields.ts";
import { OPERATOR, planVersionOutput, VERSION_PATH, versionParams } from "./plan-version-schemas.ts";

/** Copies a version (pricing and rates) into a new draft: how a published price changes (operator, audited). */
export const copyPlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${VERSION_PATH}/copy`,
      status: 201,
      bodyOptional: true,
      summary: "Copy a version (pricing and rates) into a new draft: how a published price changes (operator)",
      description: OPERATOR,
      responseDescription: "the new draft",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      ...versionParams,
      effective_from: instant.optional().describe("the new draft's effective_from; default the source's"),
      reason: optionalReason,
    }),
  )
  .output(planVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const version = await copyPlanVersion(
      ctx.db,
      input.planId,
      input.versionId,
      { effectiveFrom: input.effective_from },
      { actor: ctx.actor, reason: input.reason },
    );
    return planVersionJson(version);
  });
