import { createPlan } from "@tollgate/use-cases/pricing";
import { planJson } from "../../wire/index.ts";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { OPERATOR, PLANS_PATH, planOutput } from "./plan-schemas.ts";

/** Creates a plan, e.g. Free / Pro / Enterprise (operator, audited); its prices live in its versions. */
export const createPlanOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: PLANS_PATH,
      status: 201,
      summary: "Create a plan, e.g. Free / Pro / Enterprise (operator, audited)",
      description: `${OPERATOR} Prices live in the plan's versions.`,
      responseDescription: "created",
      errors: [400, 401, 403, 409],
    },
  })
  .input(
    z.strictObject({
      code: storedText(63).describe("stable identifier, e.g. \"pro\": 1-63 lower-case letters, digits, '-' or '_'"),
      name: storedText(200).min(1),
      description: storedText(2000).optional(),
      reason: optionalReason,
    }),
  )
  .output(planOutput)
  .mutation(async ({ ctx, input }) => {
    const plan = await createPlan(
      ctx.db,
      { code: input.code, name: input.name, description: input.description },
      { actor: ctx.actor, reason: input.reason },
    );
    return planJson(plan);
  });
