import { getUnratedVolume } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, DEFAULT_WEEKS, ratioOutput, weeksInput } from "./analytics-inputs.ts";

/** GET /v1/admin/analytics/unrated: events stored unrated per model, every tenant. */
export const unratedVolumeOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/unrated",
      summary: "Events stored unrated (no price) per model across tenants over the last N weeks (operator)",
      responseDescription: "models with unrated events, most first",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({ weeks: weeksInput }))
  .output(
    z.object({
      as_of: asOfOutput,
      unrated_events: z.string(),
      events: z.string(),
      models: z.array(
        z.object({
          model: z.string(),
          unrated_events: z.string(),
          events: z.string(),
          unrated_share: ratioOutput("unrated / all events of the model"),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getUnratedVolume(ctx.db, { weeks: input.weeks ?? DEFAULT_WEEKS });
    return {
      as_of: result.asOf,
      unrated_events: result.unratedEvents,
      events: result.events,
      models: result.models.map((row) => ({
        model: row.model,
        unrated_events: row.unratedEvents,
        events: row.events,
        unrated_share: row.unratedShare,
      })),
    };
  });
