import type { Decimal } from "decimal.js";
import { Money } from "../money.ts";

export interface CreditGrantBalance {
  id: string;
  currency: string;
  /** Lower is used first. */
  priority: number;
  grantedAt: Date;
  expiresAt: Date | null;
  remaining: Decimal;
}

export interface CreditableCharge {
  occurredAt: Date;
  currency: string;
  amount: Decimal;
}

export interface CreditConsumption {
  /** Per grant id, how much the charges used (only grants that were used). */
  byGrant: Map<string, Money>;
  /** Per charge (same order), how much credit paid for it. */
  perCharge: Money[];
}

/**
 * The order grants are used in: priority (lower first), then the earliest expiry (never-expiring last), then the
 * oldest grant, then id, so the result never depends on the order rows were read in.
 */
export function compareCreditGrants(a: CreditGrantBalance, b: CreditGrantBalance): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  const aExpiry = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bExpiry = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (aExpiry !== bExpiry) return aExpiry < bExpiry ? -1 : 1;
  if (a.grantedAt.getTime() !== b.grantedAt.getTime()) return a.grantedAt.getTime() - b.grantedAt.getTime();
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Pays charges from credit grants, in the charges' order, each from the grants valid at the charge's time (granted
 * at or before it, not expired, same currency) in compareCreditGrants order. Exact; never takes a grant below zero.
 * Negative charges (credits from volume pricing) are not paid back into grants. `grants` are not modified.
 * Validity is judged at the event's time, so usage recorded late still uses a grant that expired since, but only
 * while the grant has a balance: once the worker has booked the expiry (remaining 0), the balance is final (see
 * expire-credit-grants.ts in apps/worker).
 */
export function consumeCredits(
  grants: readonly CreditGrantBalance[],
  charges: readonly CreditableCharge[],
): CreditConsumption {
  const ordered = [...grants].sort(compareCreditGrants).map((grant) => ({ grant, left: new Money(grant.remaining) }));
  const byGrant = new Map<string, Money>();
  const perCharge = charges.map((charge) => {
    let due = new Money(charge.amount);
    let paid = new Money(0);
    if (!due.isPositive()) return paid;
    const at = charge.occurredAt.getTime();
    for (const entry of ordered) {
      if (due.isZero()) break;
      const { grant } = entry;
      if (!entry.left.isPositive() || grant.currency !== charge.currency) continue;
      if (grant.grantedAt.getTime() > at || (grant.expiresAt && grant.expiresAt.getTime() <= at)) continue;
      const used = Money.min(entry.left, due);
      entry.left = entry.left.minus(used);
      due = due.minus(used);
      paid = paid.plus(used);
      byGrant.set(grant.id, (byGrant.get(grant.id) ?? new Money(0)).plus(used));
    }
    return paid;
  });
  return { byGrant, perCharge };
}
