import type { DbOrTx } from "../client.ts";

/**
 * Rebuilds usage_rollups_daily from usage_rollups_hourly, as the worker would have kept it, for tests that write
 * hourly rollup rows directly instead of recording usage through the worker. A day's type amount is null when any
 * of its hourly rows has it null (as the worker's null + x leaves it).
 */
export async function rebuildDailyRollups(db: DbOrTx): Promise<void> {
  await db.$executeRaw`DELETE FROM usage_rollups_daily`;
  await db.$executeRaw`
    INSERT INTO usage_rollups_daily (tenant_id, day, model_id, api_key_id, customer, agent, event_count,
      unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount,
      cost, input_amount, cached_input_amount, cache_write_amount, output_amount, reasoning_amount)
    SELECT tenant_id, date_trunc('day', hour, 'UTC'), model_id, api_key_id, customer, agent, sum(event_count),
      sum(unrated_count), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens),
      sum(reasoning_tokens), sum(amount), sum(cost),
      CASE WHEN bool_and(input_amount IS NOT NULL) THEN sum(input_amount) END,
      CASE WHEN bool_and(cached_input_amount IS NOT NULL) THEN sum(cached_input_amount) END,
      CASE WHEN bool_and(cache_write_amount IS NOT NULL) THEN sum(cache_write_amount) END,
      CASE WHEN bool_and(output_amount IS NOT NULL) THEN sum(output_amount) END,
      CASE WHEN bool_and(reasoning_amount IS NOT NULL) THEN sum(reasoning_amount) END
    FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6`;
}
