import { AppError, money, toDecimalString, TOKEN_TYPES, type CostRatesInput, type TokenType } from "@tollgate/domain";
import type { CostRateView } from "./model-view.ts";

export interface PlannedCostRates {
  /** Rows to insert (types whose identical row already exists are left out: a retried request changes nothing). */
  inserts: { tokenType: TokenType; pricePerMillion: string }[];
  /** Per inserted type, the price it supersedes at effectiveFrom (null when none was in force), for the audit log. */
  before: Partial<Record<TokenType, string | null>>;
}

/**
 * Checks a dated cost-rate change against a model's existing rates. History is never rewritten:
 * - a (token type, effectiveFrom) that already has a row keeps it: the same price is a no-op, another is `conflict`;
 * - an effectiveFrom in the past is accepted only when it is later than every existing row of that type (it
 *   re-prices the tail since the last change, e.g. a provider cut announced late) — splicing a row into older
 *   history is `conflict`. Now or later is always accepted (rows after it, if scheduled, keep their dates).
 * All types are checked before anything is written, so a refused change writes nothing.
 */
export function planCostRates(
  existing: readonly CostRateView[],
  effectiveFrom: Date,
  rates: CostRatesInput,
  now: Date,
): PlannedCostRates {
  const planned: PlannedCostRates = { inserts: [], before: {} };
  const problems: string[] = [];
  for (const tokenType of TOKEN_TYPES) {
    const price = rates[tokenType];
    if (price === undefined) continue;
    const sameType = existing.filter((rate) => rate.tokenType === tokenType);
    const atSameInstant = sameType.find((rate) => rate.effectiveFrom.getTime() === effectiveFrom.getTime());
    if (atSameInstant) {
      if (!money(atSameInstant.pricePerMillion).eq(money(price))) {
        problems.push(
          `${tokenType}: a rate of ${atSameInstant.pricePerMillion} is already in force from ` +
            `${effectiveFrom.toISOString()}; history is never rewritten, add a change at a later effective_from`,
        );
      }
      continue;
    }
    const latest = sameType.reduce<CostRateView | undefined>(
      (last, rate) => (!last || rate.effectiveFrom > last.effectiveFrom ? rate : last),
      undefined,
    );
    if (effectiveFrom < now && latest && latest.effectiveFrom > effectiveFrom) {
      problems.push(
        `${tokenType}: effective_from ${effectiveFrom.toISOString()} is in the past and before the latest change ` +
          `(${latest.effectiveFrom.toISOString()}); only now, the future or after the latest change is accepted`,
      );
      continue;
    }
    const superseded = sameType
      .filter((rate) => rate.effectiveFrom < effectiveFrom)
      .reduce<CostRateView | undefined>(
        (last, rate) => (!last || rate.effectiveFrom > last.effectiveFrom ? rate : last),
        undefined,
      );
    planned.inserts.push({ tokenType, pricePerMillion: toDecimalString(money(price)) });
    planned.before[tokenType] = superseded?.pricePerMillion ?? null;
  }
  if (problems.length > 0) throw new AppError("conflict", problems.join("; "));
  return planned;
}
