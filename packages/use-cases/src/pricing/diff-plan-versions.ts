import { AppError, diffPlanRates, diffPricingDocuments, type DocumentDiff, type RatesDiff } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { readPlanRates } from "./plan-rates.ts";
import { planVersionViews, type PlanVersionView } from "./plan-version-views.ts";

export interface PlanVersionsDiff {
  a: PlanVersionView;
  b: PlanVersionView;
  rates: RatesDiff;
  pricing: DocumentDiff;
}

/**
 * Two versions of one plan compared: rates added, removed and changed (A → B) and the pricing document's changed
 * fields. Done here rather than in the browser: a real catalog is ~1,500 models × token types per version, and the
 * unchanged rates need not travel. `not_found` when the plan lacks either version.
 */
export async function diffPlanVersions(
  db: DbOrTx,
  planId: string,
  versionIds: { a: string; b: string },
  { includeUnchanged = false }: { includeUnchanged?: boolean } = {},
): Promise<PlanVersionsDiff> {
  const rows = await db.planVersion.findMany({ where: { planId, id: { in: [versionIds.a, versionIds.b] } } });
  const [views, ratesA, ratesB] = await Promise.all([
    planVersionViews(db, rows),
    readPlanRates(db, versionIds.a),
    readPlanRates(db, versionIds.b),
  ]);
  const a = views.find((view) => view.id === versionIds.a);
  const b = views.find((view) => view.id === versionIds.b);
  if (!a) throw new AppError("not_found", `a: plan ${planId} has no version ${versionIds.a}`);
  if (!b) throw new AppError("not_found", `b: plan ${planId} has no version ${versionIds.b}`);
  return {
    a,
    b,
    rates: diffPlanRates(ratesA, ratesB, { includeUnchanged }),
    pricing: diffPricingDocuments(a.pricing, b.pricing),
  };
}
