import {
  EXPLORE_GRANULARITIES,
  EXPLORE_GROUP_BYS,
  exploreUsage,
  MAX_EXPLORE_DAYS,
  MAX_EXPLORE_GROUPS,
} from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { usageExplorationJson } from "../../wire/index.ts";
import { explorePointOutput, exploreTotalsOutput, filterList, filterText, tokenTypeValue } from "./explore-schemas.ts";
import { rfc3339, tenantIdQuery, USAGE_READ_ACCESS } from "./usage-read-query.ts";

/**
 * GET /v1/usage/explore (tRPC usageReads.explore): the console's usage explorer over the hourly rollups, a dense
 * series per group with totals and rounded amounts (exploreUsage).
 */
export const usageExploreOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/usage/explore",
      summary: "Usage series over [from, to) in hourly or daily buckets, grouped and filtered",
      description:
        `${USAGE_READ_ACCESS} Read from hourly rollups: from and to must be whole UTC hours. Hourly buckets span at ` +
        `most ${String(MAX_EXPLORE_DAYS.hour)} days, daily ${String(MAX_EXPLORE_DAYS.day)} (one hour more, for a day ` +
        "of 25 hours when summer time ends); days are calendar days " +
        "of time_zone (a zone whose offset is not a whole number of hours puts each UTC hour in the day it starts " +
        "in). Every bucket is listed, zeros included; each group has one point per bucket. Groups are the costliest " +
        "max_groups, the rest merged into one group of kind other. Filters select any of their values; an empty " +
        "value (e.g. customer=) selects usage without one.",
      responseDescription: "the series",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      from: rfc3339.describe("Start (inclusive); must be on a whole UTC hour."),
      to: rfc3339.describe("End (exclusive); must be on a whole UTC hour."),
      granularity: z
        .enum(EXPLORE_GRANULARITIES, { error: `must be one of ${EXPLORE_GRANULARITIES.join(", ")}` })
        .default("day")
        .describe("Bucket size; default day."),
      time_zone: z.string().max(64).default("UTC").describe("IANA time zone of the day buckets; default UTC."),
      group_by: z
        .enum(EXPLORE_GROUP_BYS, { error: `must be one of ${EXPLORE_GROUP_BYS.join(", ")}` })
        .default("model")
        .describe("Series per model, token type, API key (labelled by name), customer or agent; default model."),
      max_groups: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_EXPLORE_GROUPS)
        .optional()
        .describe(`Groups listed before the rest is merged (1-${String(MAX_EXPLORE_GROUPS)}, default 20).`),
      model: filterList(filterText, "models"),
      api_key: filterList(filterText, "API key ids"),
      customer: filterList(filterText, "customers"),
      agent: filterList(filterText, "agents"),
      token_type: filterList(tokenTypeValue, "token types (amounts are then those token types' only)"),
      tenant_id: tenantIdQuery,
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      from: z.string(),
      to: z.string(),
      granularity: z.enum(EXPLORE_GRANULARITIES),
      time_zone: z.string(),
      group_by: z.enum(EXPLORE_GROUP_BYS),
      /** Currency of the plan in force at the end of the range (USD when the tenant has no plan). */
      currency: z.string().length(3),
      buckets: z.array(z.object({ start: z.string(), label: z.string() })).describe("every bucket, in order"),
      groups: z.array(
        z.object({
          key: z.string().nullable().describe("model id, token type, API key id, customer or agent; null: none/other"),
          kind: z.enum(["value", "none", "other"]),
          label: z.string().describe('for humans: an API key\'s name, "(none)", "Other (n)"'),
          totals: exploreTotalsOutput,
          points: z.array(explorePointOutput).describe("one per bucket, in bucket order"),
        }),
      ),
      total: exploreTotalsOutput,
      merged_groups: z.number().int().describe("how many groups the other group merges (0: none)"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const from = new Date(input.from);
    const to = new Date(input.to);
    const exploration = await exploreUsage(ctx.db, ctx.tenantId, {
      from,
      to,
      granularity: input.granularity,
      timeZone: input.time_zone,
      groupBy: input.group_by,
      maxGroups: input.max_groups,
      filters: {
        models: input.model,
        apiKeys: input.api_key,
        customers: input.customer,
        agents: input.agent,
        tokenTypes: input.token_type,
      },
    });
    return {
      tenant_id: ctx.tenantId,
      from: from.toISOString(),
      to: to.toISOString(),
      granularity: input.granularity,
      time_zone: input.time_zone,
      group_by: input.group_by,
      ...usageExplorationJson(exploration),
    };
  });
