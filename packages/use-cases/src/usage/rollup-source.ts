import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "@tollgate/db";

const DAY_MS = 86_400_000;

/** Set (by tests and comparisons) to read every range from the hourly rollups only. */
const hourlyOnly = new AsyncLocalStorage<true>();

/** Runs `read` with every usage read inside it served from the hourly rollups only (the reference answer). */
export function withHourlyRollupsOnly<T>(read: () => Promise<T>): Promise<T> {
  return hourlyOnly.run(true, read);
}

/**
 * The rollup rows of one tenant in [from, to) as one relation with the hourly table's columns (`hour` is a day's
 * first instant for daily rows): usage_rollups_daily for the whole UTC days inside the range, usage_rollups_hourly
 * for the partial days at its ends. Daily rows equal the sum of their hourly rows (the worker writes both in one
 * transaction), so every sum over this relation equals the hourly-only one, and a group by UTC day or coarser too.
 * Callers that bucket by hour or by days of another time zone pass `wholeUtcDays: false` (hourly rows only):
 * such buckets do not align with UTC days (whole-hour offsets neither).
 */
export function rollupSource(
  tenantId: string,
  range: { from: Date; to: Date },
  options: { wholeUtcDays?: boolean } = {},
): Prisma.Sql {
  const firstDay = new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS);
  const endDay = new Date(Math.floor(range.to.getTime() / DAY_MS) * DAY_MS);
  const hourly = (from: Date, to: Date) => Prisma.sql`
    SELECT hour, model_id, api_key_id, customer, agent, event_count, unrated_count, input_tokens, cached_input_tokens,
           cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount, cached_input_amount,
           cache_write_amount, output_amount, reasoning_amount
    FROM usage_rollups_hourly WHERE tenant_id = ${tenantId}::uuid AND hour >= ${from} AND hour < ${to}`;
  if (options.wholeUtcDays === false || hourlyOnly.getStore() || firstDay >= endDay)
    return Prisma.sql`(${hourly(range.from, range.to)}) AS r`;
  const daily = Prisma.sql`
    SELECT day AS hour, model_id, api_key_id, customer, agent, event_count, unrated_count, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, cost, input_amount,
           cached_input_amount, cache_write_amount, output_amount, reasoning_amount
    FROM usage_rollups_daily WHERE tenant_id = ${tenantId}::uuid AND day >= ${firstDay} AND day < ${endDay}`;
  return Prisma.sql`(${hourly(range.from, firstDay)} UNION ALL ${daily} UNION ALL ${hourly(endDay, range.to)}) AS r`;
}
