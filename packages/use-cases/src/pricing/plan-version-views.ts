import { planPricingSchema } from "@tollgate/domain";
import type { DbOrTx, PlanVersionStatus } from "@tollgate/db";
import { isoOrNull } from "../shared/change-context.ts";
import { planRatesDigest, type RatesDigest, type StoredPlanRate } from "./plan-rates.ts";

/** A plan version without its rates (they can be thousands; see getPlanVersion). */
export interface PlanVersionView {
  id: string;
  planId: string;
  version: number;
  status: PlanVersionStatus;
  currency: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  publishedAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  /** The pricing document (planPricingSchema, defaults filled in). */
  pricing: Record<string, unknown>;
  rateCount: number;
  /** Subscriptions on this version that have not ended. */
  activeSubscriptions: number;
}

export interface PlanVersionDetail extends PlanVersionView {
  rates: StoredPlanRate[];
}

interface PlanVersionRow {
  id: string;
  planId: string;
  version: number;
  status: PlanVersionStatus;
  currency: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  publishedAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  pricing: unknown;
}

/** A stored pricing document with its defaults filled in; kept as stored if it no longer parses. */
export function storedPricing(pricing: unknown): Record<string, unknown> {
  const parsed = planPricingSchema.safeParse(pricing);
  if (parsed.success) return parsed.data;
  return typeof pricing === "object" && pricing !== null ? (pricing as Record<string, unknown>) : {};
}

/** Views of the given versions with their rate and active subscription counts (two grouped queries). */
export async function planVersionViews(
  db: DbOrTx,
  rows: readonly PlanVersionRow[],
  now = new Date(),
): Promise<PlanVersionView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [rateCounts, subscriptionCounts] = await Promise.all([
    db.planRate.groupBy({ by: ["planVersionId"], where: { planVersionId: { in: ids } }, _count: { _all: true } }),
    db.subscription.groupBy({
      by: ["planVersionId"],
      where: { planVersionId: { in: ids }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
      _count: { _all: true },
    }),
  ]);
  const rates = new Map(rateCounts.map((row) => [row.planVersionId, row._count._all]));
  const subscriptions = new Map(subscriptionCounts.map((row) => [row.planVersionId, row._count._all]));
  return rows.map((row) => ({
    id: row.id,
    planId: row.planId,
    version: row.version,
    status: row.status,
    currency: row.currency.trim(),
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    publishedAt: row.publishedAt,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    pricing: storedPricing(row.pricing),
    rateCount: rates.get(row.id) ?? 0,
    activeSubscriptions: subscriptions.get(row.id) ?? 0,
  }));
}

export async function planVersionView(db: DbOrTx, row: PlanVersionRow): Promise<PlanVersionView> {
  const [view] = await planVersionViews(db, [row]);
  if (!view) throw new Error("unreachable: a view per row");
  return view;
}

/** A version's fields as the audit log records them (kept apart from the REST shape in `@tollgate/trpc/wire`). */
function planVersionAuditRecord(view: PlanVersionView) {
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

/** What the audit log keeps of a version: its fields and pricing, and its rates as a count and digest. */
export async function planVersionAuditSnapshot(db: DbOrTx, view: PlanVersionView) {
  const { rate_count: _count, active_subscriptions: _active, ...fields } = planVersionAuditRecord(view);
  const digest: RatesDigest = await planRatesDigest(db, view.id);
  return { ...fields, rates: { count: digest.count, sha256: digest.sha256 } };
}
