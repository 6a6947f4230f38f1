import type { PoolClient } from "pg";

/**
 * Expires up to `limit` due grants (expired with something left) in the caller's transaction: locks them, writes
 * a `credit_expiry:<grant id>` ledger entry of each unused balance and takes what each entry took off the grant.
 * Returns how many were due and how many were expired now.
 */
export async function expireDueGrants(
  client: PoolClient,
  options: { now: Date; tenantId: string | null; limit: number },
): Promise<{ due: number; expired: number }> {
  // (tenant, id) order, as usage jobs lock grants: the two never deadlock. A grant a usage job holds is waited
  // for, then re-read (READ COMMITTED re-checks remaining > 0 against the committed row).
  const due = await client.query<{ id: string }>(
    `SELECT id FROM credit_grants
      WHERE voided_at IS NULL AND remaining > 0 AND expires_at <= $1
        AND ($2::uuid IS NULL OR tenant_id = $2::uuid)
      ORDER BY tenant_id, id
      LIMIT $3
        FOR UPDATE`,
    [options.now, options.tenantId, options.limit],
  );
  if (due.rows.length === 0) return { due: 0, expired: 0 };
  const written = await client.query<{ credit_grant_id: string; amount: string }>(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, credit_grant_id,
        description)
     SELECT g.tenant_id, 'credit_expiry', g.remaining, g.currency, g.expires_at, 'credit_expiry:' || g.id,
        g.id, 'credit grant expired'
       FROM credit_grants g WHERE g.id = ANY($1::uuid[])
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
     RETURNING credit_grant_id, amount::text AS amount`,
    [due.rows.map((row) => row.id)],
  );
  // Only what the entries took leaves the grant, so remaining stays amount − Σ usage − Σ expiry.
  await client.query(
    `UPDATE credit_grants g SET remaining = g.remaining - e.amount
       FROM unnest($1::uuid[], $2::numeric[]) AS e(id, amount) WHERE g.id = e.id`,
    [written.rows.map((row) => row.credit_grant_id), written.rows.map((row) => row.amount)],
  );
  return { due: due.rows.length, expired: written.rows.length };
}
