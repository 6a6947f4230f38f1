import { listPlanSimulations } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { uuidParam } from "../admin-fields.ts";
import { SIMULATIONS_PATH, simulationJson, simulationOutput } from "./simulation-schemas.ts";

const LIMIT_MESSAGE = "must be a whole number from 1 to 100";

/** The latest simulations, newest first (operator). */
export const listPlanSimulationsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: SIMULATIONS_PATH,
      summary: "The latest plan simulations, newest first (operator)",
      responseDescription: "simulations",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      version_id: uuidParam("plan version").optional().describe("only this draft's simulations"),
      limit: z.coerce
        .number({ error: LIMIT_MESSAGE })
        .int(LIMIT_MESSAGE)
        .min(1, LIMIT_MESSAGE)
        .max(100, LIMIT_MESSAGE)
        .optional()
        .describe("default 25"),
    }),
  )
  .output(z.object({ simulations: z.array(simulationOutput) }))
  .query(async ({ ctx, input }) => {
    const views = await listPlanSimulations(ctx.db, { limit: input.limit ?? 25, versionId: input.version_id });
    return { simulations: views.map(simulationJson) };
  });
