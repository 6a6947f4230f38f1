import type { Pool } from "pg";

export interface ExpiryResult {
  /** Grants whose unused balance was expired by this call. */
  expired: number;
}

const BATCH_SIZE = 500;

/**
 * Expires credit grants whose `expires_at` has passed with something left: per grant, a `credit_expiry` ledger entry
 * of the unused balance (positive, the amount taken back from the grant, as voidCreditGrant writes it) with the key
 * `credit_expiry:<grant id>`, and `remaining` reduced by what that entry took, in one transaction with the grant
 * row locked. Running it again finds nothing (remaining is 0) and the key makes a replay write nothing twice.
 *
 * Late usage (an event that happened before the expiry but is recorded after it), the rule:
 * consumeCredits lets a charge use a grant only when the event's own time is before `expires_at`, and usage jobs
 * only see grants with `remaining > 0`, locked FOR UPDATE like here. So
 * - recorded before the expiry is booked: it uses the grant (the usage job and this transaction serialize on the
 *   grant row; whichever commits second reads the other's balance), and the expiry takes only what is left;
 * - recorded after the expiry is booked: the grant has nothing left, so the event is charged in full.
 * An expired balance is final once booked; a balance never goes negative and no credit is counted twice.
 */
export async function expireCreditGrants(
  pool: Pool,
  options: { tenantId?: string; now?: Date } = {},
): Promise<ExpiryResult> {
  const now = options.now ?? new Date();
  const result: ExpiryResult = { expired: 0 };
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      // (tenant, id) order, as usage jobs lock grants: the two never deadlock. A grant a usage job holds is waited
      // for, then re-read (READ COMMITTED re-checks remaining > 0 against the committed row).
      const due = await client.query<{ id: string }>(
        `SELECT id FROM credit_grants
          WHERE voided_at IS NULL AND remaining > 0 AND expires_at <= $1
            AND ($2::uuid IS NULL OR tenant_id = $2::uuid)
          ORDER BY tenant_id, id
          LIMIT $3
            FOR UPDATE`,
        [now, options.tenantId ?? null, BATCH_SIZE],
      );
      if (due.rows.length === 0) {
        await client.query("COMMIT");
        return result;
      }
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
      await client.query("COMMIT");
      result.expired += written.rows.length;
      // A grant whose key already existed keeps its balance and would be selected again; stop rather than spin.
      if (written.rows.length < due.rows.length || due.rows.length < BATCH_SIZE) return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
