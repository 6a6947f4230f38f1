import pg from "pg";

/** Agent tasks of the busy tenant per UTC month: an agent-heavy tenant of ~33 M events a month, ~100 per task. */
const TASKS_PER_MONTH = 300_000;
/** Its alerts over the years (budget thresholds, credit warnings), and a few for each other tenant. */
const BUSY_ALERTS = 20_000;
const OTHER_ALERTS_PER_TENANT = 5;

/**
 * What the tenant overview reads besides the rollups, for the busy tenant at the scale a 100 M-events/90-days tenant
 * has them, straight into the tables (the worker's and the ledger's writes are not what is measured):
 * - billing: anchor day 1 and created a year before, so the bench's "now" (the last millisecond of a month) has a
 *   whole month of period so far and a full run-rate window; a USD subscription (the spend seed leaves 1 in 10
 *   tenants without one);
 * - ledger_period_totals and tenant_period_spend of this period and the one before, per model and token type,
 *   summed from its daily rollups (what the ledger books for that usage), plus a credit_usage row per period;
 * - 120 credit grants over three years (monthly promotions, paid top-ups, a few voided, some in EUR);
 * - 31 budgets (the tenant's, one per API key, one per customer) and their spend counters in both periods;
 * - BUSY_ALERTS alerts (newest unread) and OTHER_ALERTS_PER_TENANT for every other tenant;
 * - usage_task_totals of this month and the one before: TASKS_PER_MONTH tasks a month over 30 agents, each on 1–3
 *   of the 8 models (~2 rows a task).
 * `now` is the bench's reading instant. Returns false when the busy tenant already has them (a kept database).
 */
export async function seedOverviewReads(url: string, busyTenant: string, now: Date): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const seeded = await client.query("SELECT 1 FROM usage_task_totals WHERE tenant_id = $1::uuid LIMIT 1", [
      busyTenant,
    ]);
    if (seeded.rowCount !== 0) return false;
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    await client.query("BEGIN");
    // Bulk rows without the alerts' webhook trigger and the foreign-key checks (every key exists), up to the tasks.
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(
      `UPDATE tenants SET billing_anchor_day = 1, next_billing_anchor_day = NULL, billing_anchor_changes_at = NULL,
                          created_at = $2::timestamptz - interval '1 year'
        WHERE id = $1::uuid`,
      [busyTenant, now],
    );
    await client.query(
      `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
       SELECT gen_random_uuid(), $1::uuid, v.id, $2::timestamptz - interval '1 year'
         FROM plan_versions v JOIN plans p ON p.id = v.plan_id
        WHERE p.code = 'bench' AND v.version = 1
          AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE tenant_id = $1::uuid)`,
      [busyTenant, now],
    );
    await client.query("DELETE FROM ledger_period_totals WHERE tenant_id = $1::uuid", [busyTenant]);
    await client.query("DELETE FROM tenant_period_spend WHERE tenant_id = $1::uuid", [busyTenant]);
    await client.query(
      `INSERT INTO ledger_period_totals (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id,
         token_type, plan_version_id, description, quantity, amount, entry_count)
       SELECT $1::uuid, p.start, p.start, 'usage_charge', 'USD', r.model_id, tt.token_type, s.plan_version_id::text,
              'usage', tt.quantity, tt.amount, r.rows
         FROM (VALUES ($2::timestamptz), ($3::timestamptz)) p(start)
         CROSS JOIN LATERAL (
           SELECT model_id, count(*) AS rows, sum(input_tokens) AS input, sum(input_amount) AS input_amount,
                  sum(cached_input_tokens) AS cached, sum(cached_input_amount) AS cached_amount,
                  sum(output_tokens) AS output, sum(output_amount) AS output_amount
             FROM usage_rollups_daily
            WHERE tenant_id = $1::uuid AND day >= p.start AND day < p.start + interval '1 month'
            GROUP BY model_id) r
         CROSS JOIN LATERAL (VALUES ('input', r.input, r.input_amount), ('cached_input', r.cached, r.cached_amount),
                                    ('output', r.output, r.output_amount)) tt(token_type, quantity, amount)
         JOIN subscriptions s ON s.tenant_id = $1::uuid`,
      [busyTenant, month, previous],
    );
    await client.query(
      `INSERT INTO ledger_period_totals (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id,
         token_type, plan_version_id, description, quantity, amount, entry_count)
       SELECT $1::uuid, p.start, p.start, 'credit_usage', 'USD', '', '', '', 'credit', 0, -5000, 40
         FROM (VALUES ($2::timestamptz), ($3::timestamptz)) p(start)`,
      [busyTenant, month, previous],
    );
    await client.query(
      `INSERT INTO tenant_period_spend (tenant_id, period_start, currency, amount)
       SELECT tenant_id, billed_period_start, currency, sum(amount) FROM ledger_period_totals
        WHERE tenant_id = $1::uuid AND kind = 'usage_charge' GROUP BY 1, 2, 3`,
      [busyTenant],
    );
    await client.query(
      `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at,
         expires_at, voided_at)
       SELECT gen_random_uuid(), $1::uuid, CASE WHEN g % 4 = 0 THEN 'paid' ELSE 'promotional' END::credit_grant_kind,
              1000 + g * 10, CASE WHEN g > 100 THEN 1000 + g ELSE 0 END, CASE WHEN g % 10 = 3 THEN 'EUR' ELSE 'USD' END,
              g % 3, 'grant ' || g, $2::timestamptz - (120 - g) * interval '9 days',
              CASE WHEN g % 4 = 0 THEN NULL ELSE $2::timestamptz - (120 - g) * interval '9 days' + interval '1 year' END,
              CASE WHEN g % 13 = 0 THEN $2::timestamptz - (120 - g) * interval '8 days' END
         FROM generate_series(1, 120) g`,
      [busyTenant, now],
    );
    await client.query(
      `INSERT INTO budgets (id, tenant_id, scope, scope_ref, amount, currency, thresholds, hard_limit, managed_by)
       SELECT gen_random_uuid(), $1::uuid, b.scope, b.ref, b.amount, 'USD', '{50,80,100}', false, b.managed_by
         FROM (SELECT 'tenant' AS scope, '' AS ref, 800000 AS amount, 'operator' AS managed_by
               UNION ALL SELECT 'api_key', id::text, 50000, 'tenant' FROM api_keys WHERE tenant_id = $1::uuid
               UNION ALL SELECT 'customer', 'customer-' || c, 80000, 'tenant' FROM generate_series(0, 9) c) b`,
      [busyTenant],
    );
    await client.query(
      `INSERT INTO usage_period_counters (tenant_id, period_start, meter, quantity, amount)
       SELECT $1::uuid, p.start, 'budget:' || b.id, 0, 1000 + abs(hashtext(b.id::text || p.start::text)) % 40000
         FROM budgets b CROSS JOIN (VALUES ($2::timestamptz), ($3::timestamptz)) p(start)
        WHERE b.tenant_id = $1::uuid`,
      [busyTenant, month, previous],
    );
    // Oldest first, so ids grow with time as the worker's inserts make them.
    await client.query(
      `INSERT INTO alerts (tenant_id, kind, dedupe_key, payload, created_at, read_at)
       SELECT $1::uuid, (ARRAY['budget.threshold_crossed', 'credit.low', 'credit.depletion_forecast'])[1 + a % 3],
              'bench-' || a, jsonb_build_object('n', a), at, CASE WHEN a <= $3::int - 20 THEN at + interval '1 day' END
         FROM generate_series(1, $3::int) a,
              LATERAL (SELECT $2::timestamptz - ($3::int - a) * interval '1 hour' AS at) t
        ORDER BY a`,
      [busyTenant, now, BUSY_ALERTS],
    );
    await client.query(
      `INSERT INTO alerts (tenant_id, kind, dedupe_key, payload, created_at)
       SELECT t.id, 'credit.low', 'bench-' || a, '{}', $2::timestamptz - a * interval '5 days'
         FROM tenants t, generate_series(1, $3::int) a WHERE t.id <> $1::uuid
        ORDER BY 5`,
      [busyTenant, now, OTHER_ALERTS_PER_TENANT],
    );
    // Through the triggers, as the worker's writes: they sum the rows per task into usage_task_month_totals.
    await client.query("SET LOCAL session_replication_role = origin");
    // Task n uses 1 + n % 3 models; amounts spread (a prime step modulo another) so the ranking is not the id order.
    await client.query(
      `INSERT INTO usage_task_totals (tenant_id, month, task_id, model_id, agent, first_seen_at, last_seen_at,
         event_count, input_tokens, cached_input_tokens, output_tokens, amount, input_amount, cached_input_amount,
         output_amount)
       SELECT $1::uuid, m.month, 'task-' || lpad(n::text, 7, '0'), 'model-' || (n + k) % 8, 'agent-' || n % 30,
              m.month + (n::bigint * 2591) % 2592000 * interval '1 second',
              m.month + ((n::bigint * 2591) % 2592000 + 60 + n % 3600) * interval '1 second',
              e.events, e.events * 2000, e.events * 6000, e.events * 300, e.events * 0.0171, e.events * 0.004,
              e.events * 0.0101, e.events * 0.003
         FROM (VALUES ($2::timestamptz), ($3::timestamptz)) m(month),
              generate_series(1, $4::int) n,
              LATERAL generate_series(0, n % 3) k,
              LATERAL (SELECT 1 + (n::bigint * 7919 + k * 104729) % 200 AS events) e`,
      [busyTenant, month, previous, TASKS_PER_MONTH],
    );
    await client.query("COMMIT");
    for (const table of [
      "tenants",
      "subscriptions",
      "ledger_period_totals",
      "tenant_period_spend",
      "credit_grants",
      "budgets",
      "usage_period_counters",
      "alerts",
      "usage_task_totals",
      "usage_task_month_totals",
    ]) {
      await client.query(`VACUUM (ANALYZE) ${table}`);
    }
    return true;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
}
