import type { Db } from "@tollgate/db";

/** Models and token types the synthetic ledgers bill, as the worker writes them (one line per hour × model × type). */
const MODELS = ["openai/gpt-4o", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-pro", "deepseek/deepseek-v3"];
const TOKEN_TYPES = ["input", "cached_input", "output", "reasoning"];

/**
 * `count` tenants created before `periodStart`, each with a day of usage in the period as the worker's ledger lines
 * (hour × model × token type) and a credit_usage entry. Inserted per 500 tenants, so the ledger trigger keeps the
 * period totals exactly as it does for the worker's statements.
 */
export async function seedTenantsWithUsage(db: Db, count: number, periodStart: Date): Promise<void> {
  const createdAt = new Date(periodStart.getTime() - 86_400_000);
  for (let offset = 0; offset < count; offset += 500) {
    const size = Math.min(500, count - offset);
    await db.$executeRaw`
      INSERT INTO tenants (id, slug, name, created_at)
      SELECT gen_random_uuid(), 'close-bench-' || (${offset}::int + n), 'Close bench ' || (${offset}::int + n), ${createdAt}
        FROM generate_series(1, ${size}::int) AS n`;
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      SELECT t.id, 'usage_charge', (q.n * 0.0000025)::numeric, 'USD', m.model, tt.token_type::token_type, q.n,
             ${periodStart}::timestamptz + interval '5 days' + h * interval '1 hour',
             'bench:' || h || ':' || m.model || ':' || tt.token_type, 'usage'
        FROM tenants t
        CROSS JOIN generate_series(0, 23) AS h
        CROSS JOIN unnest(${MODELS}::text[]) AS m(model)
        CROSS JOIN unnest(${TOKEN_TYPES}::text[]) AS tt(token_type)
        CROSS JOIN LATERAL (SELECT (1000 + (hashtext(t.id::text || h) & 65535))::bigint AS n) AS q
       WHERE t.slug LIKE 'close-bench-%' AND t.created_at = ${createdAt}
         AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.tenant_id = t.id)`;
  }
  await db.$executeRaw`
    INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, description)
    SELECT id, 'credit_usage', 0.5, 'USD', ${periodStart}::timestamptz + interval '6 days', 'bench:credit',
           'credit applied to usage'
      FROM tenants WHERE slug LIKE 'close-bench-%'`;
}

/**
 * One tenant with a month of heavy usage: the ledger lines `events` events produce when the worker records them
 * in jobs of `eventsPerLine` events per (hour, model, token type) line — every hour of the period, every model and
 * token type. Returns the tenant id and how many ledger rows were written.
 */
export async function seedHeavyTenant(
  db: Db,
  periodStart: Date,
  periodEnd: Date,
  events: number,
  eventsPerLine: number,
): Promise<{ tenantId: string; ledgerRows: number }> {
  const tenantId = (
    await db.tenant.create({
      data: { name: "Heavy tenant", slug: "close-heavy", createdAt: new Date(periodStart.getTime() - 86_400_000) },
    })
  ).id;
  const hours = Math.round((periodEnd.getTime() - periodStart.getTime()) / 3_600_000);
  // Each event touches every token type of its model, so lines = events / eventsPerLine × token types.
  const jobsPerHour = Math.max(1, Math.round(events / eventsPerLine / hours / MODELS.length));
  let rows = 0;
  for (let hour = 0; hour < hours; hour += 24) {
    const span = Math.min(24, hours - hour);
    rows += await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      SELECT ${tenantId}::uuid, 'usage_charge', (${eventsPerLine}::int * 1500 * 0.000003)::numeric, 'USD', m.model,
             tt.token_type::token_type, ${eventsPerLine}::int * 1500,
             ${periodStart}::timestamptz + h * interval '1 hour',
             'heavy:' || h || ':' || j || ':' || m.model || ':' || tt.token_type, 'usage'
        FROM generate_series(${hour}::int, ${hour + span - 1}::int) AS h
        CROSS JOIN generate_series(1, ${jobsPerHour}::int) AS j
        CROSS JOIN unnest(${MODELS}::text[]) AS m(model)
        CROSS JOIN unnest(${TOKEN_TYPES}::text[]) AS tt(token_type)`;
  }
  return { tenantId, ledgerRows: rows };
}
