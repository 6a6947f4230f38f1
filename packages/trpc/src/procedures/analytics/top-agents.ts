import { getTopAgents } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, currencyInput, DEFAULT_WEEKS, exact, limitInput, weeksInput } from "./analytics-inputs.ts";

/** GET /v1/admin/analytics/top-agents: the agents with the most tokens across tenants. */
export const topAgentsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/top-agents",
      summary: "The agents with the most tokens across every tenant over the last N weeks (operator)",
      description: "Agents are the names events carried; one name used by two tenants counts as one agent here.",
      responseDescription: "agents, most tokens first",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({ weeks: weeksInput, currency: currencyInput, limit: limitInput }))
  .output(
    z.object({
      as_of: asOfOutput,
      currency: z.string(),
      agents: z.array(
        z.object({
          agent: z.string(),
          tokens: z.string(),
          events: z.string(),
          revenue: exact("revenue of the tenants billed in the currency"),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getTopAgents(ctx.db, {
      weeks: input.weeks ?? DEFAULT_WEEKS,
      currency: input.currency ?? "USD",
      limit: input.limit ?? 10,
    });
    return { as_of: result.asOf, currency: result.currency, agents: result.agents };
  });
