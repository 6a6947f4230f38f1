import { exploreUsageOptions, MAX_EXPLORE_OPTIONS } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { exploreOptionsJson } from "../../wire/index.ts";
import { rfc3339, tenantIdQuery, USAGE_READ_ACCESS } from "./usage-read-query.ts";

/** GET /v1/usage/explore/options (tRPC usageReads.exploreOptions): the explorer's filter values for a range. */
export const usageExploreOptionsOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/usage/explore/options",
      summary: "The usage explorer's filter values: API keys, and models, customers and agents seen in [from, to)",
      description:
        `${USAGE_READ_ACCESS} Same range rules as /v1/usage/explore (whole UTC hours, at most 400 days). Lists of ` +
        `seen values hold at most ${String(MAX_EXPLORE_OPTIONS)} each, most tokens first.`,
      responseDescription: "the filter values",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      from: rfc3339.describe("Start (inclusive); must be on a whole UTC hour."),
      to: rfc3339.describe("End (exclusive); must be on a whole UTC hour."),
      tenant_id: tenantIdQuery,
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      api_keys: z
        .array(z.object({ id: z.uuid(), name: z.string(), prefix: z.string(), revoked: z.boolean() }))
        .describe("every key of the tenant, newest first"),
      models: z.array(z.string()),
      customers: z.array(z.string()),
      agents: z.array(z.string()),
      truncated: z.boolean(),
    }),
  )
  .query(async ({ ctx, input }) => ({
    tenant_id: ctx.tenantId,
    ...exploreOptionsJson(
      await exploreUsageOptions(ctx.db, ctx.tenantId, { from: new Date(input.from), to: new Date(input.to) }),
    ),
  }));
