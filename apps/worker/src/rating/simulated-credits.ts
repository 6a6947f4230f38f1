import { consumeCredits, money, type CreditableCharge, type CreditGrantBalance, type Money } from "@tollgate/domain";

/**
 * One side of a simulation (before or after) paying its usage charges from a private copy of the tenant's credit
 * grants as they stood when the window began: the worker's own rule (consumeCredits: priority, then the earliest
 * expiry, then the oldest grant; a grant only pays charges at or after its grant time and before its expiry, in its
 * currency), charges fed in the order the worker records them (occurred_at, event id). Nothing is written: the
 * balances are this object's own, so both sides start from the same snapshot and no real balance changes.
 */
export class SimulatedCredits {
  private readonly grants: CreditGrantBalance[];
  private paid = money("0");
  private left: boolean;

  constructor(snapshot: readonly CreditGrantBalance[]) {
    this.grants = snapshot.map((grant) => ({ ...grant }));
    this.left = this.grants.some((grant) => grant.remaining.isPositive());
  }

  /**
   * Whether any grant has something left to pay from: a tenant without grants, or whose grants ran out, skips the
   * per-event work.
   */
  get active(): boolean {
    return this.left;
  }

  /** Pays the charges (in recording order, after every earlier call's) from what is left of the grants. */
  pay(charges: readonly CreditableCharge[]): void {
    if (charges.length === 0 || !this.left) return;
    const { byGrant } = consumeCredits(this.grants, charges);
    for (const grant of this.grants) {
      const used = byGrant.get(grant.id);
      if (used) {
        grant.remaining = grant.remaining.minus(used);
        this.paid = this.paid.plus(used);
      }
    }
    this.left = this.grants.some((grant) => grant.remaining.isPositive());
  }

  /** The credit paid so far, exact. */
  get total(): Money {
    return this.paid;
  }
}
