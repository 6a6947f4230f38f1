import { getTopTenants } from "@tollgate/use-cases/analytics";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { asOfOutput, currencyInput, DEFAULT_WEEKS, exact, limitInput, weeksInput } from "./analytics-inputs.ts";

/** GET /v1/admin/analytics/top-tenants: the tenants with the most revenue over the last N weeks. */
export const topTenantsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/analytics/top-tenants",
      summary: "The tenants billed in a currency with the most revenue over the last N weeks (operator)",
      responseDescription: "tenants, most revenue first",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({ weeks: weeksInput, currency: currencyInput, limit: limitInput }))
  .output(
    z.object({
      as_of: asOfOutput,
      currency: z.string(),
      tenants: z.array(
        z.object({
          tenant_id: z.uuid(),
          name: z.string(),
          slug: z.string(),
          tokens: z.string(),
          events: z.string(),
          revenue: exact("revenue in the currency"),
          cost: exact("provider cost in USD"),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const result = await getTopTenants(ctx.db, {
      weeks: input.weeks ?? DEFAULT_WEEKS,
      currency: input.currency ?? "USD",
      limit: input.limit ?? 10,
    });
    return {
      as_of: result.asOf,
      currency: result.currency,
      tenants: result.tenants.map((row) => ({
        tenant_id: row.tenantId,
        name: row.name,
        slug: row.slug,
        tokens: row.tokens,
        events: row.events,
        revenue: row.revenue,
        cost: row.cost,
      })),
    };
  });
