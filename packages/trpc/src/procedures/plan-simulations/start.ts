import { AppError } from "@tollgate/domain";
import { MAX_SIMULATION_DAYS, startPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { uuidParam } from "../admin-fields.ts";
import { SIMULATIONS_PATH, simulationJson, simulationOutput } from "./simulation-schemas.ts";

const DAYS_MESSAGE = `must be a whole number from 1 to ${MAX_SIMULATION_DAYS.toString()}`;

/** Starts a simulation of a draft over real usage (operator, audited); the worker's plan-simulations job runs it. */
export const startPlanSimulationOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: SIMULATIONS_PATH,
      status: 202,
      summary: "Simulate a draft plan version on real usage (operator, audited); runs as a queued job",
      description:
        "Rates the stored usage of one tenant, the tenants on a plan, or all tenants in the window with the whole " +
        "rating engine (the draft's rates, rules, tiers, allowances, cap; the tenant's overrides), each billing " +
        "period's meters counted from its start. before = the ledger's usage charges for the same window. Each " +
        "side is also paid from the tenant's credit grants as they stood when the window began (the worker's " +
        "order: priority, earliest expiry, oldest; a grant pays usage from its grant time until its expiry or " +
        "voiding; grants granted after the window are ignored); no real balance changes. " +
        "Poll GET …/{simulationId} for progress.",
      responseDescription: "the queued simulation",
      errors: [400, 401, 403, 404, 409, 503],
    },
  })
  .input(
    z.strictObject({
      version_id: uuidParam("plan version").describe("the draft to simulate"),
      scope: z.enum(["tenant", "plan", "all"]),
      scope_ref: uuidParam("tenant or plan")
        .optional()
        .describe("the tenant (scope tenant, required) or plan (scope plan; default the draft's own plan)"),
      window: z
        .enum(["last_days", "last_month"])
        .describe("last N days up to the current hour, or the last full UTC month"),
      days: z.coerce
        .number({ error: DAYS_MESSAGE })
        .int(DAYS_MESSAGE)
        .min(1, DAYS_MESSAGE)
        .max(MAX_SIMULATION_DAYS, DAYS_MESSAGE)
        .optional()
        .describe("N, for window last_days"),
    }),
  )
  .output(simulationOutput)
  .mutation(async ({ ctx, input }) => {
    // Checked here, not with a refinement: the REST adapter splits the input object, which refinements forbid.
    if (input.scope === "tenant" && input.scope_ref === undefined) {
      throw new AppError("bad_request", `scope_ref: required for scope ${input.scope}`);
    }
    if (input.scope === "all" && input.scope_ref !== undefined) {
      throw new AppError("bad_request", "scope_ref: not allowed for scope all");
    }
    if (input.window === "last_days" && input.days === undefined) {
      throw new AppError("bad_request", "days: required for window last_days");
    }
    const view = await startPlanSimulation(
      ctx.db,
      {
        versionId: input.version_id,
        scope:
          input.scope === "tenant"
            ? { kind: "tenant", tenantId: input.scope_ref ?? "" }
            : input.scope === "plan"
              ? { kind: "plan", planId: input.scope_ref }
              : { kind: "all" },
        window: input.window === "last_month" ? { kind: "last_month" } : { kind: "last_days", days: input.days ?? 0 },
      },
      { actor: ctx.actor },
      { planSimulations: ctx.planSimulations },
    );
    return simulationJson(view);
  });
