import { getPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { SIMULATION_PATH, simulationIdParam, simulationJson, simulationOutput } from "./simulation-schemas.ts";

/** One simulation: status, progress and totals (operator). */
export const getPlanSimulationOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: SIMULATION_PATH,
      summary: "A plan simulation's status, progress and totals (operator)",
      responseDescription: "the simulation",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ simulationId: simulationIdParam }))
  .output(simulationOutput)
  .query(async ({ ctx, input }) => simulationJson(await getPlanSimulation(ctx.db, input.simulationId)));
