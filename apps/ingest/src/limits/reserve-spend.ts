import { randomUUID } from "node:crypto";
import type { CreditTotals, ReservationBudget, ReservationTerms } from "@tollgate/use-cases/limits";
import {
  budgetCovers,
  limitToMicroUnits,
  microUnitsToMoney,
  toDecimalString,
  usageToMicroUnits,
  worstCaseCharge,
  type Money,
} from "@tollgate/domain";
import type { HoldTarget, SpendLimits } from "@tollgate/queues";
import type { IngestKey } from "../routes/ingest-key.ts";
import type { ReservationTermsCache } from "./reservation-terms-cache.ts";

export interface ReserveRequest {
  model: string;
  inputTokens: bigint;
  maxOutputTokens: bigint;
  customer?: string | undefined;
  serviceTier?: string | undefined;
  ttlSeconds: number;
}

/** A prepaid tenant's credit in the plan's currency, as a reservation shows it. */
export interface ReservationCredit {
  currency: string;
  granted: Money;
  used: Money;
}

export type ReserveDecision =
  | {
      allowed: true;
      reservationId: string;
      amount: Money | null;
      currency: string | null;
      expiresAt: Date;
      budgets: ReservationBudget[];
      credit: ReservationCredit | null;
    }
  | {
      allowed: false;
      reason: "budget_exceeded" | "insufficient_credit" | "model_unpriced";
      amount: Money | null;
      currency: string | null;
      /** The hard budget that refused (budget_exceeded, or model_unpriced under a hard budget). */
      budget?: ReservationBudget & { heldAndSpent?: Money };
      /** The credit that could not cover it (insufficient_credit, or model_unpriced for a prepaid tenant). */
      credit?: ReservationCredit & { heldAndUsed?: Money };
    };

/** The budgets a request counts against: the tenant's, its API key's and its customer's. */
function applicableBudgets(budgets: readonly ReservationBudget[], key: IngestKey, customer: string | undefined) {
  return budgets.filter((budget) => budgetCovers(budget, key.keyId, customer));
}

/** A prepaid tenant's credit in `currency` (none granted yet: zero, which refuses every priced hold). */
function creditIn(terms: ReservationTerms, currency: string | null): ReservationCredit | null {
  if (!terms.prepaid || currency === null) return null;
  const totals: CreditTotals | undefined = terms.credit.find((entry) => entry.currency === currency);
  const zero = microUnitsToMoney(0n);
  return { currency, granted: totals?.granted ?? zero, used: totals?.used ?? zero };
}

/**
 * Decides a hard-limit reservation: prices the request's worst case under the tenant's plan now (see
 * worstCaseCharge) and holds it, atomically in Redis, against every budget that covers it (tenant, API key,
 * customer) in the plan's currency and, for a prepaid tenant, against its live credit; or refuses when a hard
 * budget or the credit would be exceeded. Holds expire after the TTL; the usage event that names the reservation
 * settles it. A model with no price cannot be bounded, so it is refused wherever a hard limit applies.
 */
export async function reserveSpend(
  cache: ReservationTermsCache,
  limits: SpendLimits,
  key: IngestKey,
  request: ReserveRequest,
  now: Date,
): Promise<ReserveDecision> {
  const modelId = await cache.resolveModel(request.model);
  const terms = await cache.terms(key.tenantId, modelId, now);
  const currency = terms.pricing?.book.currency ?? null;
  const budgets = applicableBudgets(terms.budgets, key, request.customer).filter(
    (budget) => currency === null || budget.currency === currency,
  );
  const credit = creditIn(terms, currency);
  const worst = terms.pricing
    ? worstCaseCharge(
        {
          modelId,
          at: now,
          inputTokens: request.inputTokens,
          maxOutputTokens: request.maxOutputTokens,
          serviceTier: request.serviceTier,
        },
        terms.pricing.book,
        terms.pricing.override,
      )
    : ({ status: "unpriced" } as const);
  const reservationId = `resv_${randomUUID()}`;
  const expiresAt = new Date(now.getTime() + request.ttlSeconds * 1000);
  if (worst.status === "unpriced") {
    const hard = budgets.find((budget) => budget.hardLimit);
    if (hard) return { allowed: false, reason: "model_unpriced", amount: null, currency, budget: hard };
    if (terms.prepaid) {
      return { allowed: false, reason: "model_unpriced", amount: null, currency, ...(credit ? { credit } : {}) };
    }
    return { allowed: true, reservationId, amount: null, currency, expiresAt, budgets, credit };
  }
  const targets: HoldTarget[] = budgets.map((budget) => ({
    state: { kind: "budget", budgetId: budget.id, periodStart: terms.periodStart },
    limitMicro: limitToMicroUnits(budget.amount),
    hard: budget.hardLimit,
    spentMicro: usageToMicroUnits(budget.spent),
  }));
  if (credit) {
    targets.push({
      state: { kind: "credit", tenantId: key.tenantId, currency: credit.currency },
      limitMicro: limitToMicroUnits(credit.granted),
      hard: true,
      spentMicro: usageToMicroUnits(credit.used),
    });
  }
  const held = await limits.reserve({
    tenantId: key.tenantId,
    reservationId,
    holdMicro: usageToMicroUnits(worst.amount),
    now,
    expiresAt,
    targets,
  });
  if (held.held) return { allowed: true, reservationId, amount: worst.amount, currency, expiresAt, budgets, credit };
  const refused = held.deniedBy;
  const state = await limits.state(refused.state);
  const inUse = state ? microUnitsToMoney(state.spentMicro + state.heldMicro) : undefined;
  if (refused.state.kind === "credit" && credit) {
    return {
      allowed: false,
      reason: "insufficient_credit",
      amount: worst.amount,
      currency,
      credit: inUse ? { ...credit, heldAndUsed: inUse } : credit,
    };
  }
  const budget = budgets[targets.indexOf(refused)];
  if (!budget) throw new Error("the refusing limit is not among the request's budgets");
  return {
    allowed: false,
    reason: "budget_exceeded",
    amount: worst.amount,
    currency,
    budget: inUse ? { ...budget, heldAndSpent: inUse } : budget,
  };
}

export function budgetJson(budget: ReservationBudget & { heldAndSpent?: Money }) {
  return {
    id: budget.id,
    scope: budget.scope,
    scope_ref: budget.scopeRef,
    amount: toDecimalString(budget.amount),
    currency: budget.currency,
    hard_limit: budget.hardLimit,
    ...(budget.heldAndSpent ? { spent_and_held: toDecimalString(budget.heldAndSpent) } : {}),
  };
}

export function creditJson(credit: ReservationCredit & { heldAndUsed?: Money }) {
  return {
    currency: credit.currency,
    granted: toDecimalString(credit.granted),
    used: toDecimalString(credit.used),
    ...(credit.heldAndUsed ? { used_and_held: toDecimalString(credit.heldAndUsed) } : {}),
  };
}
