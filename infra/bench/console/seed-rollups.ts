import { randomUUID } from "node:crypto";
import pg from "pg";

export interface SeededRollups {
  busyTenant: string;
  busyRows: number;
  otherRows: number;
}

/**
 * Rollup rows straight into usage_rollups_hourly: for the busy tenant `rowsPerHour` rows in every hour of
 * [start, end) over 8 models, 20 keys, 10 customers and 30 agents, whose event counts add up to `events`; for each
 * other tenant `rowsPerTenant` rows at random hours (5 agents, 3 of the 8 models). One INSERT … SELECT generate_series
 * per part, then the daily rollups summed from them (as the worker writes both), then ANALYZE. The models are in the
 * catalog (3 providers) and the other tenants in `tenants`, for the operators' analytics.
 */
export async function seedConsoleRollups(
  url: string,
  options: { start: Date; end: Date; events: number; tenants: number; rowsPerHour: number; rowsPerTenant: number },
): Promise<SeededRollups> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const busyTenant = randomUUID();
    const hours = Math.round((options.end.getTime() - options.start.getTime()) / 3_600_000);
    const busyRows = hours * options.rowsPerHour;
    const eventsPerRow = Math.max(1, Math.round(options.events / busyRows));
    await client.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'bench-busy', 'Busy tenant')", [busyTenant]);
    await client.query(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
       SELECT gen_random_uuid(), $1::uuid, 'key ' || k, 'tg_bench_' || k, 'x', '{read}'
       FROM generate_series(1, 20) k`,
      [busyTenant],
    );
    const keys = (await client.query<{ id: string }>("SELECT id FROM api_keys ORDER BY name")).rows.map((r) => r.id);
    await client.query(
      `INSERT INTO usage_rollups_hourly (tenant_id, hour, model_id, api_key_id, customer, agent, event_count,
         input_tokens, cached_input_tokens, output_tokens, amount, input_amount, cached_input_amount,
         cache_write_amount, output_amount, reasoning_amount)
       SELECT $1::uuid, h, 'model-' || (r % 8), ($2::text[])[1 + (r / 8) % 20], 'customer-' || (r / 160) % 10,
              'agent-' || (r * 7) % 30, $3::int, $3::int * 2000, $3::int * 6000, $3::int * 300,
              $3::int * 0.0171, $3::int * 0.004, $3::int * 0.0101, 0, $3::int * 0.003, 0
       FROM generate_series($4::timestamptz, $5::timestamptz - interval '1 hour', interval '1 hour') h,
            generate_series(0, $6::int - 1) r`,
      [busyTenant, keys, eventsPerRow, options.start, options.end, options.rowsPerHour],
    );
    // The catalog's models (three providers) and the other tenants, so the operators' analytics name them.
    await client.query(
      `INSERT INTO models (id, provider, display_name, updated_at)
       SELECT 'model-' || m, 'provider-' || (m % 3), 'Model ' || m, now() FROM generate_series(0, 7) m`,
    );
    await client.query(
      `INSERT INTO tenants (id, slug, name)
       SELECT gen_random_uuid(), 'bench-' || n, 'Bench tenant ' || n FROM generate_series(1, $1::int) n`,
      [options.tenants],
    );
    await client.query(
      `INSERT INTO usage_rollups_hourly (tenant_id, hour, model_id, agent, event_count, input_tokens, output_tokens,
         amount, cost, input_amount, cached_input_amount, cache_write_amount, output_amount, reasoning_amount)
       SELECT t.id, $1::timestamptz + (abs(hashtext(t.id::text || r::text)) % $4::int) * interval '1 hour',
              'model-' || (r % 3), 'agent-' || (r % 5), 10, 20000, 3000, 0.07, 0.02, 0.04, 0, 0, 0.03, 0
       FROM (SELECT id FROM tenants WHERE id <> $2::uuid) t, generate_series(0, $3::int - 1) r
       ON CONFLICT DO NOTHING`,
      [options.start, busyTenant, options.rowsPerTenant, hours],
    );
    // The daily rollups as the worker keeps them (the same increments summed per UTC day), for every tenant; each
    // row last updated at the end of its day, as if recorded live (the analytics refresh reads updated_at).
    await client.query(
      `INSERT INTO usage_rollups_daily (tenant_id, day, model_id, api_key_id, customer, agent, event_count,
         unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount,
         cost, input_amount, cached_input_amount, cache_write_amount, output_amount, reasoning_amount, updated_at)
       SELECT tenant_id, date_trunc('day', hour, 'UTC'), model_id, api_key_id, customer, agent, sum(event_count),
              sum(unrated_count), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens),
              sum(output_tokens), sum(reasoning_tokens), sum(amount), sum(cost), sum(input_amount),
              sum(cached_input_amount), sum(cache_write_amount), sum(output_amount), sum(reasoning_amount),
              date_trunc('day', hour, 'UTC') + interval '1 day' - interval '1 millisecond'
       FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6, date_trunc('day', hour, 'UTC')`,
    );
    await client.query("ANALYZE usage_rollups_hourly");
    await client.query("ANALYZE usage_rollups_daily");
    const other = await client.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM usage_rollups_hourly WHERE tenant_id <> $1",
      [busyTenant],
    );
    return { busyTenant, busyRows, otherRows: Number(other.rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}
