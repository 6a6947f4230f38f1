import { money } from "@tollgate/domain";
import { allocatedAmounts } from "./allocated-amounts.ts";
import type { RouterOutputs } from "./router-types.ts";

export type CreditGrantView = RouterOutputs["credits"]["list"]["credit_grants"][number];
export type CreditDay = RouterOutputs["credits"]["history"]["days"][number];

export const GRANT_STATUS_LABELS: Record<CreditGrantView["status"], string> = {
  active: "Active",
  used_up: "Used up",
  expired: "Expired",
  voided: "Voided",
};

export const GRANT_STATUS_COLORS: Record<CreditGrantView["status"], "green" | "gray" | "amber" | "red"> = {
  active: "green",
  used_up: "gray",
  expired: "amber",
  voided: "red",
};

export interface CreditTotals {
  currency: string;
  granted: string;
  remaining: string;
}

/**
 * Per currency: what was granted and what is left, each the sum of the rounded lines shown in the table (rounded by
 * largest remainders), so the cards and the table never disagree by a cent.
 */
export function creditTotals(grants: readonly CreditGrantView[]): CreditTotals[] {
  const currencies = [...new Set(grants.map((grant) => grant.currency))];
  return currencies.map((currency) => {
    const own = grants.filter((grant) => grant.currency === currency);
    const sum = (amounts: string[]) => amounts.reduce((total, amount) => total.plus(amount), money("0")).toFixed();
    return {
      currency,
      granted: sum(
        allocatedAmounts(
          own.map((grant) => grant.amount),
          currency,
        ),
      ),
      remaining: sum(
        allocatedAmounts(
          own.map((grant) => grant.balance),
          currency,
        ),
      ),
    };
  });
}

/**
 * The grants with their amounts rounded for one table per currency: granted and remaining as lines of their column
 * (see creditTotals), then used and expired so that each row adds up (granted = used + expired + remaining) as shown.
 * Expired is what was left at expiry or void, so a grant with none expired shows all the rest as used.
 */
export function withAllocatedAmounts(grants: readonly CreditGrantView[]): CreditGrantView[] {
  const shown = new Map<string, Pick<CreditGrantView, "amount" | "used" | "expired" | "balance">>();
  for (const currency of new Set(grants.map((grant) => grant.currency))) {
    const own = grants.filter((grant) => grant.currency === currency);
    const amounts = allocatedAmounts(
      own.map((grant) => grant.amount),
      currency,
    );
    const balances = allocatedAmounts(
      own.map((grant) => grant.balance),
      currency,
    );
    own.forEach((grant, index) => {
      const amount = amounts[index] ?? grant.amount;
      const balance = balances[index] ?? grant.balance;
      const spent = money(amount).minus(balance);
      if (money(grant.expired).isZero()) {
        shown.set(grant.id, { amount, balance, used: spent.toFixed(), expired: "0" });
        return;
      }
      const rounded = money(allocatedAmounts([grant.used], currency)[0] ?? grant.used);
      const used = rounded.gt(spent) ? spent : rounded;
      shown.set(grant.id, { amount, balance, used: used.toFixed(), expired: spent.minus(used).toFixed() });
    });
  }
  return grants.map((grant) => ({ ...grant, ...shown.get(grant.id) }));
}

/**
 * What the overview says under the credit balance: with no credit there is nothing to run out ("not being used up"
 * read as if there were), so depletion is forecast only for a positive balance.
 */
export function creditOutlook(
  balance: string,
  depletesAt: string | null,
): { kind: "none" } | { kind: "depletes"; at: string } | { kind: "lasts" } {
  if (money(balance).lte(0)) return { kind: "none" };
  return depletesAt === null ? { kind: "lasts" } : { kind: "depletes", at: depletesAt };
}
