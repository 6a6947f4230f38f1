import type { Db } from "@tollgate/db";

/**
 * Events for the seeded rollups (which are written straight into the rollup tables), so the analytics refresh's
 * look-up of recent events runs over a table of realistic size: `events` rows over [start, end), tenants at random,
 * appended in inserted_at order as the worker appends them (what the BRIN index on inserted_at relies on). Skipped
 * when the table already holds that many (a kept database).
 */
export async function seedEventHistory(db: Db, options: { start: Date; end: Date; events: number }): Promise<void> {
  const held = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_events`;
  if (Number(held[0]?.n ?? 0) >= options.events) return;
  const spanMs = options.end.getTime() - options.start.getTime();
  await db.$executeRaw`
    WITH t AS (SELECT array_agg(id) AS ids FROM tenants)
    INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, inserted_at, model_id, input_tokens,
      output_tokens, rating_status, amount, currency, cost)
    SELECT t.ids[1 + (n::bigint * 7919) % cardinality(t.ids)], 'history-' || n, at, at, at + interval '1 minute',
           'model-' || (n % 3), 20000, 3000, 'rated', 0.07, 'USD', 0.02
      FROM t, generate_series(1, ${options.events}::int) n,
           LATERAL (SELECT ${options.start}::timestamptz + n * (${spanMs}::bigint / ${options.events}::int)
                             * interval '1 millisecond' AS at) a
     ORDER BY n`;
  // As autovacuum would have by now: statistics, and every block range of the index summarized.
  await db.$executeRaw`VACUUM (ANALYZE) usage_events`;
}

/**
 * A small change as the worker records it: two new events of each of `tenants` tenants on `day`, stored (inserted_at
 * now) and added to their daily rollup rows (updated_at now). `round` keeps the event ids unique across calls.
 */
export async function recordSmallChange(db: Db, options: { day: Date; tenants: number; round: number }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      CREATE TEMP TABLE small_change ON COMMIT DROP AS
      SELECT t.id AS tenant_id, 'change-' || ${options.round}::int || '-' || t.n || '-' || e AS event_id,
             ${options.day}::timestamptz + (e * 3 + t.n % 20) * interval '1 hour' AS occurred_at,
             'model-' || (e % 3) AS model_id, 'agent-' || (e % 5) AS agent
        FROM (SELECT id, row_number() OVER (ORDER BY random()) AS n FROM tenants) t, generate_series(0, 1) e
       WHERE t.n <= ${options.tenants}::int`;
    await tx.$executeRaw`
      INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, agent, input_tokens,
        output_tokens, rating_status, amount, currency, cost)
      SELECT tenant_id, event_id, occurred_at, occurred_at, model_id, agent, 1000, 100, 'rated', 0.01, 'USD', 0.003
        FROM small_change`;
    await tx.$executeRaw`
      INSERT INTO usage_rollups_daily AS r (tenant_id, day, model_id, agent, event_count, input_tokens, output_tokens,
        amount, cost, updated_at)
      SELECT tenant_id, date_trunc('day', occurred_at, 'UTC'), model_id, agent, count(*), count(*) * 1000,
             count(*) * 100, count(*) * 0.01, count(*) * 0.003, now()
        FROM small_change GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (tenant_id, day, model_id, api_key_id, customer, agent) DO UPDATE
        SET event_count = r.event_count + excluded.event_count, input_tokens = r.input_tokens + excluded.input_tokens,
            output_tokens = r.output_tokens + excluded.output_tokens, amount = r.amount + excluded.amount,
            cost = r.cost + excluded.cost, updated_at = now()`;
  });
}
