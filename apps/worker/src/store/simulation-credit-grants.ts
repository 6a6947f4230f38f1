import { money, type CreditGrantBalance } from "@tollgate/domain";
import type { PoolClient } from "pg";

/**
 * The tenant's credit grants in the currency as they stood when the window began, for a simulation to pay from
 * (read only, nothing locked: a simulation never spends them). A grant counts when it was granted before the window
 * ends, and was neither voided nor expired when it began; its balance is its amount less the credit used and expired
 * before the window (its ledger entries dated before `from`), since the simulation replays the window's own use. A
 * grant voided inside the window stops paying at its voiding, as if it expired then. Grants granted inside the window
 * pay only for usage from their grant time on (consumeCredits judges each charge at its instant).
 */
export async function simulationCreditGrants(
  client: PoolClient,
  tenantId: string,
  window: { from: Date; to: Date },
  currency: string,
): Promise<CreditGrantBalance[]> {
  const rows = await client.query<{
    id: string;
    currency: string;
    priority: number;
    granted_at: Date;
    expires_at: Date | null;
    remaining: string;
  }>({
    name: "simulation-credit-grants",
    text: `SELECT g.id, trim(g.currency) AS currency, g.priority, g.granted_at,
                  CASE WHEN g.voided_at IS NOT NULL AND (g.expires_at IS NULL OR g.voided_at < g.expires_at)
                       THEN g.voided_at ELSE g.expires_at END AS expires_at,
                  (g.amount - coalesce((SELECT sum(e.amount) FROM ledger_entries e
                                         WHERE e.credit_grant_id = g.id AND e.tenant_id = g.tenant_id
                                           AND e.kind IN ('credit_usage', 'credit_expiry')
                                           AND e.occurred_at < $2), 0))::text AS remaining
             FROM credit_grants g
            WHERE g.tenant_id = $1 AND g.currency = $4 AND g.granted_at < $3
              AND (g.voided_at IS NULL OR g.voided_at > $2) AND (g.expires_at IS NULL OR g.expires_at > $2)
            ORDER BY g.id`,
    values: [tenantId, window.from, window.to, currency],
  });
  return rows.rows
    .map((row) => ({
      id: row.id,
      currency: row.currency,
      priority: row.priority,
      grantedAt: row.granted_at,
      expiresAt: row.expires_at,
      remaining: money(row.remaining),
    }))
    .filter((grant) => grant.remaining.isPositive());
}
