// The REST API's snake_case shapes of plans, plan versions and plan rates.
import type { PlanRateView, PlanVersionView, PlanView, PlanWithVersions } from "@tollgate/use-cases/pricing";
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

export function planRateJson(rate: PlanRateView) {
  return {
    model_id: rate.modelId,
    token_type: rate.tokenType,
    condition: rate.condition,
    price_per_million: rate.pricePerMillion,
  };
}
