import { getTokensByModelWeek, OTHER_MODELS } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, DEFAULT_WEEKS, ratioOutput, weeksInput } from "./analytics-inputs.ts";

const MODELS_MESSAGE = "must be a whole number from 1 to 20";

/** GET /v1/admin/analytics/tokens-by-model: every tenant's tokens per week and model (the public rankings' view). */
export const tokensByModelOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/tokens-by-model",
      summary: "Tokens per UTC week for the top models across tenants, with week-over-week growth (operator)",
      description:
        `The top \`models\` models by tokens (all types) over the window, the rest summed as "${OTHER_MODELS}". ` +
        "Growth compares each week with the one before (the week before the window included).",
      responseDescription: "weeks, oldest first",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      weeks: weeksInput,
      models: z.coerce
        .number({ error: MODELS_MESSAGE })
        .int(MODELS_MESSAGE)
        .min(1, MODELS_MESSAGE)
        .max(20, MODELS_MESSAGE)
        .optional()
        .describe("top models shown apart, default 5"),
    }),
  )
  .output(
    z.object({
      as_of: asOfOutput,
      top_models: z.array(z.string()).describe("largest first"),
      weeks: z.array(
        z.object({
          week_start: z.string(),
          partial: z.boolean().describe("the current week, still running"),
          tokens: z.string().describe("all tokens of the week (a whole number as text)"),
          growth: ratioOutput("(tokens − previous week's) / previous week's; null when that was 0"),
          models: z.array(
            z.object({
              model: z.string().describe(`a model id or "${OTHER_MODELS}"`),
              tokens: z.string(),
              growth: ratioOutput("week-over-week growth of this model"),
            }),
          ),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getTokensByModelWeek(ctx.db, {
      weeks: input.weeks ?? DEFAULT_WEEKS,
      topModels: input.models ?? 5,
    });
    return {
      as_of: result.asOf,
      top_models: result.topModels,
      weeks: result.weeks.map((week) => ({
        week_start: week.weekStart,
        partial: week.partial,
        tokens: week.tokens,
        growth: week.growth,
        models: week.models,
      })),
    };
  });
