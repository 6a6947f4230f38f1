import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { readPlanRates } from "./plan-rates.ts";
import { planVersionView, type PlanVersionDetail } from "./plan-version-views.ts";

/** One version of a plan with all its explicit rates; `not_found` when the plan has no such version. */
export async function getPlanVersion(db: DbOrTx, planId: string, versionId: string): Promise<PlanVersionDetail> {
  const version = await db.planVersion.findFirst({ where: { id: versionId, planId } });
  if (!version) throw new AppError("not_found", `plan ${planId} has no version ${versionId}`);
  const [view, rates] = await Promise.all([planVersionView(db, version), readPlanRates(db, versionId)]);
  return { ...view, rates };
}
