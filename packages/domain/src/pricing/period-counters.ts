import { Money } from "../money.ts";

/** A running total for one (tenant, billing period, meter): tokens for tiers and allowances, money for spend. */
export interface PeriodCounter {
  quantity: bigint;
  amount: Money;
}

/**
 * Meter keys within a (tenant, period). They include the plan version: a tenant migrated mid-period starts the new
 * version's tiers and allowances from zero (each version's terms apply to the usage billed under it).
 */
export const meterKeys = {
  tier: (planVersionId: string, id: string) => `${planVersionId}:tier:${id}`,
  allowance: (planVersionId: string, id: string) => `${planVersionId}:allowance:${id}`,
  spend: (planVersionId: string) => `${planVersionId}:spend`,
  /** A budget's spend in the period (rated amounts in the budget's currency, after discounts, before credits). */
  budget: (budgetId: string) => `budget:${budgetId}`,
};

/**
 * The counters one tenant's period has, by meter key; missing keys read as zero. Ratings change the values in
 * place; `changed` lists the keys to write back.
 */
export class PeriodCounters {
  private readonly values = new Map<string, PeriodCounter>();
  readonly changed = new Set<string>();

  constructor(initial: Iterable<[string, PeriodCounter]> = []) {
    for (const [key, value] of initial)
      this.values.set(key, { quantity: value.quantity, amount: new Money(value.amount) });
  }

  /** Sets a stored value without marking it changed. */
  load(key: string, value: PeriodCounter): void {
    this.values.set(key, value);
  }

  get(key: string): PeriodCounter {
    return this.values.get(key) ?? { quantity: 0n, amount: new Money(0) };
  }

  set(key: string, value: PeriodCounter): void {
    this.values.set(key, value);
    this.changed.add(key);
  }

  entries(): IterableIterator<[string, PeriodCounter]> {
    return this.values.entries();
  }
}
