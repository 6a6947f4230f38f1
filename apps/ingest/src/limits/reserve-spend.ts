import { randomUUID } from "node:crypto";
import type { ReservationBudget } from "@tollgate/db";
import {
  limitToMicroUnits,
  microUnitsToMoney,
  toDecimalString,
  usageToMicroUnits,
  worstCaseCharge,
  type Money,
} from "@tollgate/domain";
import type { BudgetHoldTarget, SpendLimits } from "@tollgate/queues";
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

export type ReserveDecision =
  | {
      allowed: true;
      reservationId: string;
      amount: Money | null;
      currency: string | null;
      expiresAt: Date;
      budgets: ReservationBudget[];
    }
  | {
      allowed: false;
      reason: "budget_exceeded" | "model_unpriced";
      amount: Money | null;
      currency: string | null;
      budget: ReservationBudget & { heldAndSpent?: Money };
    };

/** The budgets a request counts against: the tenant's, its API key's and its customer's. */
function applicableBudgets(budgets: readonly ReservationBudget[], key: IngestKey, customer: string | undefined) {
  return budgets.filter(
    (budget) =>
      budget.scope === "tenant" ||
      (budget.scope === "api_key" && budget.scopeRef === key.keyId) ||
      (budget.scope === "customer" && customer !== undefined && budget.scopeRef === customer),
  );
}

/**
 * Decides a hard-limit reservation: prices the request's worst case under the tenant's plan now (see
 * worstCaseCharge) and holds it, atomically in Redis, against every budget that covers it (tenant, API key,
 * customer) in the plan's currency, or refuses when a hard budget would go over. Holds expire after the TTL; the
 * usage event that names the reservation settles it. A model with no price cannot be bounded, so it is refused
 * only where a hard budget applies.
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
    return { allowed: true, reservationId, amount: null, currency, expiresAt, budgets };
  }
  const targets: BudgetHoldTarget[] = budgets.map((budget) => ({
    budgetId: budget.id,
    periodStart: terms.periodStart,
    limitMicro: limitToMicroUnits(budget.amount),
    hard: budget.hardLimit,
    spentMicro: usageToMicroUnits(budget.spent),
  }));
  const holdMicro = usageToMicroUnits(worst.amount);
  const held = await limits.reserve({
    tenantId: key.tenantId,
    reservationId,
    holdMicro,
    now,
    expiresAt,
    budgets: targets,
  });
  if (held.held) return { allowed: true, reservationId, amount: worst.amount, currency, expiresAt, budgets };
  const budget = budgets[targets.indexOf(held.deniedBy)];
  if (!budget) throw new Error("the refusing budget is not among the request's budgets");
  const state = await limits.state(budget.id, terms.periodStart);
  return {
    allowed: false,
    reason: "budget_exceeded",
    amount: worst.amount,
    currency,
    budget: state ? { ...budget, heldAndSpent: microUnitsToMoney(state.spentMicro + state.heldMicro) } : budget,
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
