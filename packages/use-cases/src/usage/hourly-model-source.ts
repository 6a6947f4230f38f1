import { Prisma } from "@tollgate/db";
import type { ExploreUsageQuery } from "./explore-query.ts";

/**
 * Hours that ended less than this before the last hourly-model refresh are still read from the hourly rows: usage
 * recorded up to this late (a client's batching, a queue backlog) shows at once, not one refresh later. Costs a
 * couple of hours of hourly rows per read.
 */
export const HOURLY_MODEL_LATE_MARGIN = "1 hour";

/**
 * Whether an explorer read needs no dimension but the model (grouped by model or token type, filtered on models and
 * token types only), so the per-model hourly rollups can answer it.
 */
export function needsOnlyModels(query: ExploreUsageQuery): boolean {
  const none = (list: readonly string[] | undefined) => list === undefined || list.length === 0;
  return (
    (query.groupBy === "model" || query.groupBy === "token_type") &&
    none(query.filters.apiKeys) &&
    none(query.filters.customers) &&
    none(query.filters.agents)
  );
}

/**
 * One tenant's hourly rows of the hours `hours` selects (a condition on `hour`), for a read that needs only the
 * model, as rows with the hourly table's columns (key, customer and agent ''): usage_rollups_hourly_models for the
 * hours that ended before the last hourly-model refresh (less HOURLY_MODEL_LATE_MARGIN), usage_rollups_hourly for the
 * newer ones, so the answer is as fresh as the hourly rows. Each model row is the sum of its hour's hourly rows of
 * that model (type amounts null when any is), so every sum per hour and model is the hourly-only one. Before the first
 * refresh (refreshed_at null) every hour comes from the hourly rows. Usage recorded later into an hour before the
 * cut (back-dated past the margin, re-rated) shows at the next refresh (as local-day rows do). The cut is read in the same statement (one
 * snapshot, no round trip): an InitPlan the index scans of both tables take as their bound.
 */
export function modelHourRows(tenantId: string, hours: Prisma.Sql): Prisma.Sql {
  // UTC hours whatever the session's zone (a half-hour zone would truncate off the hour).
  const cut = Prisma.sql`(SELECT coalesce(date_trunc('hour', refreshed_at - ${HOURLY_MODEL_LATE_MARGIN}::interval, 'UTC'),
                                          '-infinity')
                            FROM hourly_model_refresh_state WHERE id = 1)`;
  return Prisma.sql`
    SELECT hour, model_id, '' AS api_key_id, '' AS customer, '' AS agent, event_count, unrated_count, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
           cached_input_amount, cache_write_amount, output_amount, reasoning_amount
      FROM usage_rollups_hourly_models
     WHERE tenant_id = ${tenantId}::uuid AND ${hours} AND hour < ${cut}
    UNION ALL
    SELECT hour, model_id, api_key_id, customer, agent, event_count, unrated_count, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
           cached_input_amount, cache_write_amount, output_amount, reasoning_amount
      FROM usage_rollups_hourly
     WHERE tenant_id = ${tenantId}::uuid AND ${hours} AND hour >= coalesce(${cut}, '-infinity')`;
}
