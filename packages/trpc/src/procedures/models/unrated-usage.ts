import { listUnratedUsage, MAX_UNRATED_MODELS } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";

const unratedModelOutput = z.object({
  model_id: z.string().describe("the model name the events carry"),
  unrated_events: z.string().describe("events stored unrated (a whole number as a decimal string)"),
  unrated_tokens: z
    .string()
    .describe("their tokens, from rollup rows whose events are all unrated (rows mixing both count events only)"),
  tenants: z.number().int(),
  last_day: z.string().describe("the last UTC day with unrated events"),
  in_catalog: z
    .boolean()
    .describe("true: a catalog model (a plan lacks its rate); false: no model or alias resolves the name"),
});

/** Usage stored unrated, by model, across tenants: what to price so the rating sweep can rate it (operator). */
export const unratedUsageOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/unrated-usage",
      summary: "Usage stored unrated, by model, across every tenant (admin scope)",
      description: `From the daily rollups; the ${MAX_UNRATED_MODELS.toString()} models with the most unrated events.`,
      responseDescription: "models by unrated events, most first",
      errors: [401, 403],
    },
  })
  .input(z.object({}))
  .output(z.object({ models: z.array(unratedModelOutput) }))
  .query(async ({ ctx }) => {
    const rows = await listUnratedUsage(ctx.db);
    return {
      models: rows.map((row) => ({
        model_id: row.modelId,
        unrated_events: row.unratedEvents,
        unrated_tokens: row.unratedTokens,
        tenants: row.tenants,
        last_day: row.lastDay.toISOString(),
        in_catalog: row.inCatalog,
      })),
    };
  });
