import { money, toDecimalString, type CreditGrantBalance } from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { CreditUse } from "../rating/charge-entries.ts";
import { prepared } from "./prepared-statement.ts";

/**
 * Locks the usable credit grants (not voided, something left) of the job's tenants, in (tenant, id) order, and
 * reads their balances. Holding the locks until commit makes concurrent jobs of one tenant use credits one after
 * the other, so a grant is never spent twice.
 */
export async function lockCreditGrants(
  client: PoolClient,
  tenantIds: readonly string[],
): Promise<Map<string, CreditGrantBalance[]>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await client.query<{
    id: string;
    tenant_id: string;
    currency: string;
    priority: number;
    granted_at: Date;
    expires_at: Date | null;
    remaining: string;
  }>(
    prepared(
      "worker-lock-credit-grants",
      `SELECT id, tenant_id, currency, priority, granted_at, expires_at, remaining::text AS remaining
       FROM credit_grants
      WHERE tenant_id = ANY($1::uuid[]) AND voided_at IS NULL AND remaining > 0
      ORDER BY tenant_id, id
        FOR UPDATE`,
    ),
    [tenantIds],
  );
  const byTenant = new Map<string, CreditGrantBalance[]>();
  for (const row of rows.rows) {
    const balance: CreditGrantBalance = {
      id: row.id,
      currency: row.currency.trim(),
      priority: row.priority,
      grantedAt: row.granted_at,
      expiresAt: row.expires_at,
      remaining: money(row.remaining),
    };
    const list = byTenant.get(row.tenant_id);
    if (list) list.push(balance);
    else byTenant.set(row.tenant_id, [balance]);
  }
  return byTenant;
}

/**
 * Records credit used by a job: a credit_usage ledger entry per grant and the grant's new `remaining`, in the job's
 * transaction. The entry carries the positive amount taken from the grant, the convention of the grant's own
 * entries (credit-grants.ts in @tollgate/db: the grant is −amount, usage and expiry +taken), so everywhere
 * remaining = amount − Σ credit_usage − Σ credit_expiry, and what the tenant owes is Σ usage_charge − Σ credit_usage.
 */
export async function recordCreditUse(client: PoolClient, uses: readonly CreditUse[]): Promise<void> {
  if (uses.length === 0) return;
  const inserted = await client.query<{ credit_grant_id: string; amount: string }>(
    prepared(
      "worker-credit-use",
      `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, credit_grant_id,
        description)
     SELECT u.tenant_id, 'credit_usage', u.amount, u.currency, u.occurred_at, u.idempotency_key, u.grant_id,
        'credit applied to usage'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[], $6::text[])
         AS u(tenant_id, grant_id, currency, amount, occurred_at, idempotency_key)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
     RETURNING credit_grant_id, amount::text AS amount`,
    ),
    [
      uses.map((u) => u.tenantId),
      uses.map((u) => u.grantId),
      uses.map((u) => u.currency),
      uses.map((u) => toDecimalString(u.amount)),
      uses.map((u) => u.occurredAt),
      uses.map((u) => u.idempotencyKey),
    ],
  );
  // Only what was actually written reduces the balance (the grant rows are locked, so this cannot race).
  await client.query(
    prepared(
      "worker-credit-remaining",
      `UPDATE credit_grants g SET remaining = g.remaining - u.amount
       FROM unnest($1::uuid[], $2::numeric[]) AS u(id, amount) WHERE g.id = u.id`,
    ),
    [inserted.rows.map((row) => row.credit_grant_id), inserted.rows.map((row) => row.amount)],
  );
}
