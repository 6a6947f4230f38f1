import pg from "pg";

/**
 * What the operators' tenant list reads for every tenant, straight into the tables (not through the ledger, whose
 * trigger would add nothing the list needs): billing anchor days 1–28 (so tenants' periods start on different days),
 * a USD and an EUR plan version with 9 in 10 tenants subscribed (1 in 10 of those in EUR), and ledger_period_totals
 * usage charges of the current and the previous period (3 models × 2 token types, plus a credit_usage row the list
 * must not count) for 4 in 5 tenants, and their sums in tenant_period_spend; amounts repeat, so spend ties are
 * ordered by id.
 */
export async function seedTenantSpend(url: string, now: Date): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("UPDATE tenants SET billing_anchor_day = 1 + abs(hashtext(id::text)) % 28");
    await client.query("INSERT INTO plans (id, code, name) VALUES (gen_random_uuid(), 'bench', 'Bench plan')");
    await client.query(
      `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at)
       SELECT gen_random_uuid(), p.id, v, 'published', CASE v WHEN 1 THEN 'USD' ELSE 'EUR' END,
              $1::timestamptz - interval '1 year', $1::timestamptz - interval '1 year'
         FROM plans p, generate_series(1, 2) v WHERE p.code = 'bench'`,
      [now],
    );
    await client.query(
      `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
       SELECT gen_random_uuid(), t.id, v.id, $1::timestamptz - interval '1 year'
         FROM tenants t
         JOIN plan_versions v ON v.version = CASE WHEN abs(hashtext(t.id::text || 'c')) % 10 = 0 THEN 2 ELSE 1 END
        WHERE abs(hashtext(t.id::text || 's')) % 10 <> 0`,
      [now],
    );
    await client.query(
      `INSERT INTO ledger_period_totals (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id,
         token_type, plan_version_id, description, quantity, amount, entry_count)
       SELECT t.id, p.start, p.start, k.kind::ledger_entry_kind, coalesce(trim(v.currency), 'USD'), 'model-' || m, tt,
              coalesce(v.id::text, ''), 'usage', 1000 + abs(hashtext(t.id::text || m || tt)) % 100000,
              (abs(hashtext(t.id::text || p.start::text || m || tt)) % 50000) / 1000.0, 1
         FROM tenants t
         LEFT JOIN subscriptions s ON s.tenant_id = t.id
         LEFT JOIN plan_versions v ON v.id = s.plan_version_id
         CROSS JOIN LATERAL (VALUES (billing_period_start($1::timestamptz, t.billing_anchor_day)),
           (billing_period_start(billing_period_start($1::timestamptz, t.billing_anchor_day) - interval '1 millisecond',
                                 t.billing_anchor_day))) p(start)
         CROSS JOIN generate_series(0, 2) m
         CROSS JOIN unnest(ARRAY['input', 'output']) tt
         CROSS JOIN (VALUES ('usage_charge'), ('credit_usage')) k(kind)
        WHERE abs(hashtext(t.id::text || 'u')) % 5 <> 0 AND (k.kind = 'usage_charge' OR (m = 0 AND tt = 'input'))`,
      [now],
    );
    // Written around the ledger, so its trigger's tenant_spend rows are missing: the same sums, applied.
    await client.query(
      `INSERT INTO tenant_period_spend (tenant_id, period_start, currency, amount)
       SELECT tenant_id, billed_period_start, currency, sum(amount) FROM ledger_period_totals
        WHERE kind = 'usage_charge' AND billed_period_start = origin_period_start
        GROUP BY 1, 2, 3`,
    );
    await client.query("ANALYZE tenants");
    await client.query("ANALYZE subscriptions");
    await client.query("ANALYZE ledger_period_totals");
    await client.query("ANALYZE tenant_period_spend");
  } finally {
    await client.end();
  }
}
