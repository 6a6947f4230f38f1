import { forecastSpend } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "./usage-read-query.ts";

const amount = (what: string) => z.string().describe(`${what}: exact decimal string, unrounded`);

/**
 * GET /v1/usage/forecast: this billing period's spend so far and where it is heading at the recent run rate, as a
 * range; and when the tenant's credit runs out at that rate.
 */
export const usageForecastOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/usage/forecast",
      summary: "This period's spend so far, its projected total (a range) and the credit depletion date",
      description:
        `${USAGE_READ_ACCESS} From the hourly rollups. The projection is the spend so far plus the average daily ` +
        "spend of the last 7 full UTC days times the days left (low/high: the quietest/busiest of those days). " +
        "Usage amounts before credits and tax.",
      responseDescription: "the forecast",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenant_id: tenantIdQuery }))
  .output(
    z.object({
      tenant_id: z.uuid(),
      currency: z.string().length(3),
      period_start: z.string(),
      period_end: z.string(),
      as_of: z.string(),
      spent_so_far: amount("rated usage in the period so far"),
      run_rate: z.object({
        based_on_days: z.number().int().describe("full UTC days in the run rate; 0: no full day yet"),
        daily_average: amount("average daily spend"),
      }),
      projected_total: z.object({
        expected: amount("at the average daily spend"),
        low: amount("at the quietest recent day's spend"),
        high: amount("at the busiest recent day's spend"),
      }),
      method: z.string(),
      credit: z.object({
        balance: amount("unexpired, unvoided credit in the plan's currency"),
        depletes_at: z.string().nullable().describe("at the average daily spend; null: not spending or no credit"),
      }),
    }),
  )
  .query(async ({ ctx }) => {
    const view = await forecastSpend(ctx.db, ctx.tenantId);
    return {
      tenant_id: view.tenantId,
      currency: view.currency,
      period_start: view.periodStart.toISOString(),
      period_end: view.periodEnd.toISOString(),
      as_of: view.asOf.toISOString(),
      spent_so_far: view.spentSoFar,
      run_rate: { based_on_days: view.basedOnDays, daily_average: view.dailyAverage },
      projected_total: { expected: view.expected, low: view.low, high: view.high },
      method: view.method,
      credit: { balance: view.creditBalance, depletes_at: view.creditDepletesAt?.toISOString() ?? null },
    };
  });
