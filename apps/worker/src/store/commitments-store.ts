import type { Pool } from "pg";

/** Subscriptions starting before `closedBefore` to plan versions with a minimum commitment (optionally one tenant's). */
export async function commitmentSubscriptions(pool: Pool, closedBefore: Date, tenantId: string | null) {
  const result = await pool.query<{
    tenant_id: string;
    plan_version_id: string;
    currency: string;
    minimum: string;
    starts_at: Date;
    ends_at: Date | null;
    anchor_day: number;
    next_anchor_day: number | null;
    anchor_changes_at: Date | null;
  }>(
    `SELECT s.tenant_id, s.plan_version_id, pv.currency, pv.pricing->>'minimum_commitment' AS minimum,
            s.starts_at, s.ends_at, t.billing_anchor_day AS anchor_day,
            t.next_billing_anchor_day AS next_anchor_day, t.billing_anchor_changes_at AS anchor_changes_at
       FROM subscriptions s JOIN plan_versions pv ON pv.id = s.plan_version_id
       JOIN tenants t ON t.id = s.tenant_id
      WHERE pv.pricing->>'minimum_commitment' IS NOT NULL AND s.starts_at < $1
        AND ($2::uuid IS NULL OR s.tenant_id = $2::uuid)`,
    [closedBefore, tenantId],
  );
  return result.rows;
}

/** Which of these (tenant, idempotency key) ledger entries exist. */
export async function bookedKeys(
  pool: Pool,
  keys: readonly { tenantId: string; key: string }[],
): Promise<{ tenant_id: string; idempotency_key: string }[]> {
  const result = await pool.query<{ tenant_id: string; idempotency_key: string }>(
    `SELECT l.tenant_id, l.idempotency_key FROM ledger_entries l
       JOIN unnest($1::uuid[], $2::text[]) AS k(tenant_id, key) ON l.tenant_id = k.tenant_id AND l.idempotency_key = k.key`,
    [keys.map((k) => k.tenantId), keys.map((k) => k.key)],
  );
  return result.rows;
}

/** Per (tenant, plan version, billing period), in the order given: the usage charged under the version then. */
export async function chargedPerMonth(
  pool: Pool,
  months: readonly { tenantId: string; planVersionId: string; periodStart: Date; periodEnd: Date }[],
): Promise<(string | null)[]> {
  const result = await pool.query<{ charged: string | null }>(
    `SELECT (SELECT sum(l.amount) FROM ledger_entries l
              WHERE l.tenant_id = k.tenant_id AND l.kind = 'usage_charge' AND l.plan_version_id = k.plan_version_id
                AND l.occurred_at >= k.period_start AND l.occurred_at < k.period_end)::text AS charged
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY
         AS k(tenant_id, plan_version_id, period_start, period_end, position)
      ORDER BY k.position`,
    [
      months.map((m) => m.tenantId),
      months.map((m) => m.planVersionId),
      months.map((m) => m.periodStart),
      months.map((m) => m.periodEnd),
    ],
  );
  return result.rows.map((row) => row.charged);
}

/** Writes commitment_true_up entries once each (their key); returns how many were new. */
export async function insertTrueUps(
  pool: Pool,
  entries: readonly {
    tenantId: string;
    amount: string;
    currency: string;
    periodStart: Date;
    key: string;
    planVersionId: string;
  }[],
): Promise<number> {
  const written = await pool.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, plan_version_id,
        description)
     SELECT e.tenant_id, 'commitment_true_up', e.amount, e.currency, e.period_start, e.key, e.plan_version_id,
        'minimum commitment true-up'
       FROM unnest($1::uuid[], $2::numeric[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[])
         AS e(tenant_id, amount, currency, period_start, key, plan_version_id)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [
      entries.map((e) => e.tenantId),
      entries.map((e) => e.amount),
      entries.map((e) => e.currency),
      entries.map((e) => e.periodStart),
      entries.map((e) => e.key),
      entries.map((e) => e.planVersionId),
    ],
  );
  return written.rowCount ?? 0;
}
