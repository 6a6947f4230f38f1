import { publishAndMigrate } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { SIMULATION_PATH, simulationIdParam, simulationJson, simulationOutput } from "./simulation-schemas.ts";

/** Publishes the simulated draft and moves the simulated tenants onto it, in one confirmed step (operator, audited). */
export const publishAndMigrateOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${SIMULATION_PATH}/publish-and-migrate`,
      summary: "Publish a simulated draft and migrate the simulated tenants to it, in one step (operator, audited)",
      description:
        "One transaction: the draft is published (the publish checks apply) and each simulated tenant's " +
        "subscription moves to it at now (or the version's effective_from if later). 409 unless the simulation " +
        "succeeded, confirm_tenants equals its number of tenants, and the draft is unchanged since it was simulated.",
      responseDescription: "the simulation, published",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      simulationId: simulationIdParam,
      confirm_tenants: z.number().int().min(0).describe("the number of tenants the operator confirmed migrating"),
      reason: optionalReason,
    }),
  )
  .output(z.object({ simulation: simulationOutput, at: z.string(), migrated_tenant_ids: z.array(z.uuid()) }))
  .mutation(async ({ ctx, input }) => {
    const result = await publishAndMigrate(
      ctx.db,
      { simulationId: input.simulationId, confirmTenants: input.confirm_tenants },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return {
      simulation: simulationJson(result.simulation),
      at: result.at.toISOString(),
      migrated_tenant_ids: result.migratedTenants,
    };
  });
