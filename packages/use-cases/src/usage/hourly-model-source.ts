import { Prisma } from "@tollgate/db";
import type { ExploreUsageQuery } from "./explore-query.ts";
import { LATE_USAGE_MARGIN, refreshPendingHours } from "./late-usage-margin.ts";
import { HOURLY_MODEL_REFRESH_OVERLAP_SECONDS } from "./refresh-hourly-model-rollups.ts";

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
 * hours that ended LATE_USAGE_MARGIN before the last hourly-model refresh, usage_rollups_hourly for the newer ones
 * and for the older ones noted late or re-rated since (refreshPendingHours), so the answer equals the hourly rows'
 * at every moment, not one refresh later (see LATE_USAGE_MARGIN). Each model row is the sum of its hour's hourly rows
 * of that model (type amounts null when any is), so every sum per hour and model is the hourly-only one. Before the
 * first refresh (refreshed_at null) every hour comes from the hourly rows. The cut and the pending hours are read in
 * the same statement (one snapshot, no round trip): InitPlans the index scans of both tables take as their bounds
 * (`hour = ANY(…)`: an index range per pending hour, not an OR that would scan the tenant's whole range).
 */
export function modelHourRows(tenantId: string, hours: Prisma.Sql): Prisma.Sql {
  // UTC hours whatever the session's zone (a half-hour zone would truncate off the hour).
  const cut = Prisma.sql`coalesce((SELECT date_trunc('hour', refreshed_at - ${LATE_USAGE_MARGIN}::interval, 'UTC')
                                     FROM hourly_model_refresh_state WHERE id = 1), '-infinity')`;
  const pending = refreshPendingHours(tenantId, "hourly_model_refresh_state", HOURLY_MODEL_REFRESH_OVERLAP_SECONDS);
  const hourly = Prisma.sql`
    SELECT hour, model_id, api_key_id, customer, agent, event_count, unrated_count, input_tokens, cached_input_tokens,
           cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
           cached_input_amount, cache_write_amount, output_amount, reasoning_amount
      FROM usage_rollups_hourly
     WHERE tenant_id = ${tenantId}::uuid AND ${hours}`;
  return Prisma.sql`
    SELECT hour, model_id, '' AS api_key_id, '' AS customer, '' AS agent, event_count, unrated_count, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
           cached_input_amount, cache_write_amount, output_amount, reasoning_amount
      FROM usage_rollups_hourly_models
     WHERE tenant_id = ${tenantId}::uuid AND ${hours} AND hour < ${cut} AND hour <> ALL(${pending})
    UNION ALL
    ${hourly} AND hour >= ${cut}
    UNION ALL
    ${hourly} AND hour < ${cut} AND hour = ANY(${pending})`;
}
