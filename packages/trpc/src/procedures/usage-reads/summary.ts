import { summarizeUsage, USAGE_GROUP_BYS } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { usageTotalsJson } from "../../wire/index.ts";
import { rfc3339, tenantIdQuery, toUsageRange, USAGE_READ_ACCESS } from "./usage-read-query.ts";

const usageTotalsOutput = z.object({
  event_count: z.string(),
  unrated_event_count: z.string(),
  tokens: z.object({
    input: z.string(),
    cached_input: z.string(),
    cache_write: z.string(),
    output: z.string(),
    reasoning: z.string(),
  }),
  total_tokens: z.string(),
  /** Sum of rated amounts at full precision (unrated events add nothing). */
  amount: z.string(),
});

/**
 * GET /v1/usage/summary: token sums and amounts from the hourly rollups, optionally grouped (summarizeUsage, the
 * use case tRPC's usage.summary serves too). Its range rules (whole hours) and messages are the REST API's own.
 */
export const usageReadSummaryOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/usage/summary",
      summary: "Token sums and amounts over [from, to), optionally grouped",
      description:
        `${USAGE_READ_ACCESS} Read from hourly rollups, so from and to must be whole UTC hours (e.g. ` +
        "2026-03-01T00:00:00Z; other offsets are fine when they land on a whole UTC hour); anything else is a 400, " +
        "never silently widened. At most 400 days. Token counts and amounts are decimal strings; amounts are full " +
        "precision, unrounded. group_by=day uses UTC days.",
      responseDescription: "usage",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      from: rfc3339.describe("Start (inclusive); must be on a whole UTC hour."),
      to: rfc3339.describe("End (exclusive); must be on a whole UTC hour."),
      group_by: z
        .enum(USAGE_GROUP_BYS, { error: `must be one of ${USAGE_GROUP_BYS.join(", ")}` })
        .optional()
        .describe("Break the total down; days are UTC days. Omitted: the total only."),
      tenant_id: tenantIdQuery,
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      from: z.string(),
      to: z.string(),
      /** Currency of the plan in force at the end of the range (USD when the tenant has no plan). */
      currency: z.string().length(3),
      group_by: z.enum(USAGE_GROUP_BYS).nullable(),
      total: usageTotalsOutput,
      groups: z
        .array(usageTotalsOutput.extend({ key: z.string().nullable() }))
        .optional()
        .describe("With group_by: model id, UTC day (YYYY-MM-DD), api key id, customer or agent; null = not set."),
      truncated: z
        .boolean()
        .optional()
        .describe("With group_by: true when only the 10,000 costliest groups are listed."),
    }),
  )
  .query(async ({ ctx, input }) => {
    const range = toUsageRange(input, { wholeHours: true });
    const summary = await summarizeUsage(ctx.db, ctx.tenantId, range, { groupBy: input.group_by });
    return {
      tenant_id: ctx.tenantId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      currency: summary.currency,
      group_by: input.group_by ?? null,
      total: usageTotalsJson(summary.totals),
      ...(summary.grouped && {
        groups: summary.grouped.groups.map(({ key, ...totals }) => ({ key, ...usageTotalsJson(totals) })),
        truncated: summary.grouped.truncated,
      }),
    };
  });
