import { resolveUsageReadTenant, summarizeUsage, USAGE_GROUP_BYS, type UsageTotals } from "@tollgate/use-cases/usage";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { authenticateRequest } from "./authenticate-request.ts";
import { parseRequest } from "./parse-request.ts";
import { rfc3339, tenantIdQuery, toUsageRange } from "./usage-query.ts";

export const usageSummaryQuery = z.strictObject({
  from: rfc3339.describe("Start (inclusive); must be on a whole UTC hour."),
  to: rfc3339.describe("End (exclusive); must be on a whole UTC hour."),
  group_by: z
    .enum(USAGE_GROUP_BYS, { error: `must be one of ${USAGE_GROUP_BYS.join(", ")}` })
    .optional()
    .describe("Break the total down; days are UTC days. Omitted: the total only."),
  tenant_id: tenantIdQuery,
});

const usageTotalsBody = z.object({
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

export const usageSummaryResponse = z.object({
  tenant_id: z.uuid(),
  from: z.string(),
  to: z.string(),
  /** Currency of the plan in force at the end of the range (USD when the tenant has no plan). */
  currency: z.string().length(3),
  group_by: z.enum(USAGE_GROUP_BYS).nullable(),
  total: usageTotalsBody,
  groups: z
    .array(usageTotalsBody.extend({ key: z.string().nullable() }))
    .optional()
    .describe("With group_by: model id, UTC day (YYYY-MM-DD), api key id, customer or agent; null = not set."),
  truncated: z.boolean().optional().describe("With group_by: true when only the 10,000 costliest groups are listed."),
});

function toBody(totals: UsageTotals): z.infer<typeof usageTotalsBody> {
  return {
    event_count: totals.eventCount,
    unrated_event_count: totals.unratedCount,
    tokens: totals.tokens,
    total_tokens: totals.totalTokens,
    amount: totals.amount,
  };
}

/**
 * GET /v1/usage/summary: token sums and amounts from the hourly rollups, optionally grouped (summarizeUsage, the
 * use case tRPC's usage.summary serves too). Still a hand-written route: its tenant comes from the key or, for
 * operators, the tenant_id query, and its range rules (whole hours) and messages are the REST API's own.
 */
export function registerUsageSummary(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/usage/summary", async (request) => {
    const principal = await authenticateRequest(request, deps);
    const query = parseRequest(usageSummaryQuery, request.query, "query");
    const tenantId = await resolveUsageReadTenant(deps.db, principal, query.tenant_id);
    const range = toUsageRange(query, { wholeHours: true });
    const summary = await summarizeUsage(deps.db, tenantId, range, { groupBy: query.group_by });
    const response: z.infer<typeof usageSummaryResponse> = {
      tenant_id: tenantId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      currency: summary.currency,
      group_by: query.group_by ?? null,
      total: toBody(summary.totals),
      ...(summary.grouped && {
        groups: summary.grouped.groups.map(({ key, ...totals }) => ({ key, ...toBody(totals) })),
        truncated: summary.grouped.truncated,
      }),
    };
    return response;
  });
}
