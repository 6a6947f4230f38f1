import { getProviderShare } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, currencyInput, DEFAULT_WEEKS, exact, ratioOutput, weeksInput } from "./analytics-inputs.ts";

/** GET /v1/admin/analytics/provider-share: every tenant's tokens and revenue per provider. */
export const providerShareOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/provider-share",
      summary: "Each provider's share of all tenants' tokens, with its revenue, over the last N weeks (operator)",
      responseDescription: "providers, most tokens first",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({ weeks: weeksInput, currency: currencyInput }))
  .output(
    z.object({
      as_of: asOfOutput,
      from: z.string(),
      to: z.string(),
      currency: z.string(),
      tokens: z.string(),
      revenue: exact("revenue of every provider, in the currency"),
      providers: z.array(
        z.object({
          provider: z.string().describe('models.provider; "unknown" for models not in the catalog'),
          tokens: z.string(),
          share: ratioOutput("tokens / all tokens"),
          revenue: exact("revenue in the currency"),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getProviderShare(ctx.db, {
      weeks: input.weeks ?? DEFAULT_WEEKS,
      currency: input.currency ?? "USD",
    });
    return {
      as_of: result.asOf,
      from: result.from,
      to: result.to,
      currency: result.currency,
      tokens: result.tokens,
      revenue: result.revenue,
      providers: result.providers,
    };
  });
