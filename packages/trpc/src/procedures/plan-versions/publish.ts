import { planVersionJson } from "../../wire/index.ts";
import { publishPlanVersion } from "@tollgate/use-cases/pricing";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { OPERATOR, planVersionOutput, VERSION_PATH, versionParams } from "./plan-version-schemas.ts";

/** Publishes a draft (operator, audited); the use case then requests a re-rating of every tenant. */
export const publishPlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${VERSION_PATH}/publish`,
      bodyOptional: true,
      summary: "Publish a draft (operator)",
      description:
        `${OPERATOR} Checks that the pricing parses, rates name catalog models and ruled conditions, the version ` +
        "prices something, and no later version number is published already (409 naming the problem otherwise).",
      responseDescription: "the published version",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ ...versionParams, reason: optionalReason }))
  .output(planVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const version = await publishPlanVersion(
      ctx.db,
      input.planId,
      input.versionId,
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return planVersionJson(version);
  });
