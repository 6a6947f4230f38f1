import type { DbOrTx } from "@tollgate/db";
import { getPlanSimulation, type PlanSimulationView } from "./get-plan-simulation.ts";

/** The latest simulations, newest first (optionally one version's), each with its totals. */
export async function listPlanSimulations(
  db: DbOrTx,
  options: { limit: number; versionId?: string | undefined },
): Promise<PlanSimulationView[]> {
  const rows = await db.planSimulation.findMany({
    where: options.versionId === undefined ? {} : { planVersionId: options.versionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit,
    select: { id: true },
  });
  // At most 100 rows, each two primary-key reads: simpler than a second shape of the same view.
  return Promise.all(rows.map((row) => getPlanSimulation(db, row.id)));
}
