import { getMargin, MARGIN_GROUPS, type MarginAmounts } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, currencyInput, DEFAULT_WEEKS, exact, ratioOutput, weeksInput } from "./analytics-inputs.ts";

const amountsOutput = z.object({
  revenue: exact("revenue in the currency"),
  cost: exact("provider cost in USD (the dated provider cost rates)"),
  rounded_revenue: exact("revenue rounded to minor units; the rows' add up to the total's"),
  rounded_cost: exact("cost rounded to cents; the rows' add up to the total's"),
  margin: z.string().nullable().describe("revenue − cost, exact; null unless the currency is USD"),
  rounded_margin: z.string().nullable().describe("rounded_revenue − rounded_cost; null unless the currency is USD"),
  margin_ratio: ratioOutput("margin / revenue"),
});

const amountsJson = (amounts: MarginAmounts) => ({
  revenue: amounts.revenue,
  cost: amounts.cost,
  rounded_revenue: amounts.roundedRevenue,
  rounded_cost: amounts.roundedCost,
  margin: amounts.margin,
  rounded_margin: amounts.roundedMargin,
  margin_ratio: amounts.marginRatio,
});

/** GET /v1/admin/analytics/margin: revenue vs provider cost per model or provider. */
export const marginOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/margin",
      summary: "Revenue, provider cost, margin and margin % per model or provider over the last N weeks (operator)",
      description:
        "Revenue of the tenants billed in the currency; cost is the provider cost (USD) of the same usage, from the " +
        "provider cost rates in force at each event. Margin is given for USD only (no exchange rates).",
      responseDescription: "rows, most revenue first, and their total",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      weeks: weeksInput,
      currency: currencyInput,
      by: z
        .enum(MARGIN_GROUPS, { error: "must be model or provider" })
        .optional()
        .describe("model (default) or provider"),
    }),
  )
  .output(
    z.object({
      as_of: asOfOutput,
      by: z.enum(MARGIN_GROUPS),
      currency: z.string(),
      cost_currency: z.literal("USD"),
      total: amountsOutput,
      rows: z.array(amountsOutput.extend({ key: z.string().describe("a model id or a provider") })),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getMargin(ctx.db, {
      weeks: input.weeks ?? DEFAULT_WEEKS,
      currency: input.currency ?? "USD",
      by: input.by ?? "model",
    });
    return {
      as_of: result.asOf,
      by: result.by,
      currency: result.currency,
      cost_currency: result.costCurrency,
      total: amountsJson(result.total),
      rows: result.rows.map((row) => ({ key: row.key, ...amountsJson(row) })),
    };
  });
