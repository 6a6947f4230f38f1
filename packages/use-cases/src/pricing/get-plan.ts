import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { type PlanWithVersions, withVersions } from "./plan-view.ts";

/** One plan with its versions; `not_found` when there is none. */
export async function getPlan(db: DbOrTx, planId: string): Promise<PlanWithVersions> {
  const plan = await db.plan.findUnique({ where: { id: planId } });
  if (!plan) throw new AppError("not_found", `no plan ${planId}`);
  const [withVersion] = await withVersions(db, [plan]);
  if (!withVersion) throw new Error("unreachable: the plan was found");
  return withVersion;
}
