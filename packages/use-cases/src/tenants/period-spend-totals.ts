import { Prisma } from "@tollgate/db";

/**
 * Every tenant's usage charges per billing period and currency for the periods starting in [from, to], as rows
 * (tenant_id, period_start, currency, amount): exactly ledger_period_totals' usage_charge rows billed in their own
 * period, summed, at ~1 row per tenant instead of one per model, token type and plan version (~100 at 10,000 tenants).
 *
 * Why exact: the ledger trigger writes each statement's increments to aggregate_outbox (kind tenant_spend) in the
 * ledger's own transaction, and the worker's apply adds them to tenant_period_spend and deletes the outbox row in one
 * transaction. So one snapshot sees every increment exactly once, either applied or still in the outbox: reading
 * both gives the ledger's totals to the last decimal, however far the apply lags. Not a per-tenant row updated in
 * the recording transaction: that would hold a busy tenant's jobs behind each other until their commits.
 */
export function periodSpendTotals(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT u.tenant_id, u.period_start, trim(u.currency) AS currency, sum(u.amount) AS amount
      FROM (
        SELECT s.tenant_id, s.period_start, s.currency::text AS currency, s.amount
          FROM tenant_period_spend s
         WHERE s.period_start >= ${from} AND s.period_start <= ${to}
        UNION ALL
        -- Not applied yet: the trigger's params, a JSON array of array literals (tenant, period, currency, amount).
        SELECT x.tenant_id, x.period_start, x.currency, x.amount
          FROM aggregate_outbox o
          CROSS JOIN LATERAL unnest((o.params::jsonb->>0)::uuid[], (o.params::jsonb->>1)::timestamptz[],
                                    (o.params::jsonb->>2)::text[], (o.params::jsonb->>3)::numeric[])
                             AS x(tenant_id, period_start, currency, amount)
         WHERE o.kind = 'tenant_spend' AND x.period_start >= ${from} AND x.period_start <= ${to}
      ) u
     GROUP BY 1, 2, 3`;
}
