import type { Pool } from "pg";
import { expireDueGrants } from "../store/credit-expiry.ts";
import { inTransaction } from "../store/transaction.ts";

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
    const batch = await inTransaction(pool, (client) =>
      expireDueGrants(client, { now, tenantId: options.tenantId ?? null, limit: BATCH_SIZE }),
    );
    result.expired += batch.expired;
    // A grant whose key already existed keeps its balance and would be selected again; stop rather than spin.
    if (batch.due === 0 || batch.expired < batch.due || batch.due < BATCH_SIZE) return result;
  }
}
