// The REST API's snake_case shapes of plans, plan versions and plan rates.
import type {
  PlanVersionsDiff,
  PlanVersionView,
  PlanView,
  PlanWithVersions,
  StoredPlanRate,
} from "@tollgate/use-cases/pricing";
import { isoOrNull } from "./iso.ts";

export function planJson(plan: PlanView) {
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    description: plan.description,
    created_at: plan.createdAt.toISOString(),
  };
}

export function planWithVersionsJson(plan: PlanWithVersions) {
  return { ...planJson(plan), versions: plan.versions.map(planVersionJson) };
}

/** The public (snake_case) form of a version, as the REST API returns it. */
export function planVersionJson(view: PlanVersionView) {
  return {
    id: view.id,
    plan_id: view.planId,
    version: view.version,
    status: view.status,
    currency: view.currency,
    effective_from: view.effectiveFrom.toISOString(),
    effective_to: isoOrNull(view.effectiveTo),
    published_at: isoOrNull(view.publishedAt),
    archived_at: isoOrNull(view.archivedAt),
    created_at: view.createdAt.toISOString(),
    pricing: view.pricing,
    rate_count: view.rateCount,
    active_subscriptions: view.activeSubscriptions,
  };
}

export function planRateJson(rate: StoredPlanRate) {
  return {
    model_id: rate.modelId,
    provider: rate.provider,
    token_type: rate.tokenType,
    condition: rate.condition,
    price_per_million: rate.pricePerMillion,
  };
}

/** The rate and pricing document differences of two versions, snake_case. */
export function planVersionsDiffJson(diff: PlanVersionsDiff) {
  return {
    rates: {
      entries: diff.rates.entries.map((entry) => ({
        model_id: entry.modelId,
        token_type: entry.tokenType,
        condition: entry.condition,
        kind: entry.kind,
        before: entry.before,
        after: entry.after,
        change_percent: entry.changePercent,
      })),
      counts: diff.rates.counts,
    },
    pricing: { changes: diff.pricing.changes, unchanged_count: diff.pricing.unchangedCount },
  };
}
