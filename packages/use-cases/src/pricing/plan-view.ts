import type { DbOrTx } from "@tollgate/db";
import { planVersionViews, type PlanVersionView } from "./plan-version-views.ts";

export interface PlanView {
  id: string;
  code: string;
  name: string;
  description: string;
  createdAt: Date;
}

export interface PlanWithVersions extends PlanView {
  /** Newest version first. */
  versions: PlanVersionView[];
}

export async function withVersions(db: DbOrTx, plans: PlanView[]): Promise<PlanWithVersions[]> {
  const versions = await db.planVersion.findMany({
    where: { planId: { in: plans.map((plan) => plan.id) } },
    orderBy: [{ planId: "asc" }, { version: "desc" }],
  });
  const views = await planVersionViews(db, versions);
  return plans.map((plan) => ({ ...plan, versions: views.filter((view) => view.planId === plan.id) }));
}
