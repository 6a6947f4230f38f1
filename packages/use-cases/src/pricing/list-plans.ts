import type { DbOrTx } from "@tollgate/db";
import { type PlanWithVersions, withVersions } from "./plan-view.ts";

/** Every plan with its versions (newest first), by code. */
export async function listPlans(db: DbOrTx): Promise<PlanWithVersions[]> {
  return withVersions(db, await db.plan.findMany({ orderBy: { code: "asc" } }));
}
